/* Copy buttons: `<button data-copy="ID" data-copy-status="STATUS" data-copied="…" hidden>`
 * copies the value of the field ID and says so in the live region STATUS, in the words of
 * `data-copied`. The button shows only once this script runs; without JavaScript or
 * clipboard access the field stays there to select by hand. */
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copyStatus);
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
