/* Disclosure buttons: the site menu and the side navigation fold behind a button on phones.
 *
 * Loaded in <head> without `defer`, so the `js` class is on <html> before the page is drawn:
 * the stylesheet folds the menus only when this script runs, and without JavaScript every
 * link stays on the page. A button says `aria-controls` (the panel's id) and `aria-expanded`;
 * the stylesheet hides the panel next to a button whose `aria-expanded` is "false".
 */
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const buttons = document.querySelectorAll("button.disclosure[aria-controls]");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const expanded = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!expanded));
    });
  }
  // Escape closes the open panel that has the focus and gives the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const button of buttons) {
      const panel = document.getElementById(button.getAttribute("aria-controls"));
      if (button.getAttribute("aria-expanded") === "true" && (button === document.activeElement || (panel && panel.contains(document.activeElement)))) {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    }
  });
});
