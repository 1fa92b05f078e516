/* Copy buttons: `<button data-copy="ID">` copies the value of the field ID to the clipboard
 * and says so in the element `[data-copy-status="ID"]` (a live region), in the words of
 * `data-copied`. Without JavaScript or clipboard access the field stays there to select.
 */
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
      if (!field) return;
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        field.select();
        document.execCommand("copy");
      }
      if (status) status.textContent = button.dataset.copied || "";
    });
  }
});
