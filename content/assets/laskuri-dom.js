// The calculator's result is built as DOM, with this one helper: an element with its attributes (a property
// where the element has one: className, href, scope, ariaHidden) and its children (null ones left out).
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => { element[name] = value; });
  element.append(...children.filter((child) => child !== null));
  return element;
}
