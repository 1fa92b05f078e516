/* Copy buttons: a button with `data-copy` (the id of a field) copies the field's value and
 * says so in its live region. Without JavaScript the field stays selectable by hand. */
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copyStatus);
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = button.dataset.copied;
      } catch {
        field.select();
      }
    });
  }
});
