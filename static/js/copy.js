/* Copy buttons: `<button data-copy="ID" data-copy-status="STATUS" data-copied="…"
 * data-copy-failed="…" hidden>` copies the value of the field ID and says in the live region
 * STATUS whether it worked, in the words of `data-copied` or `data-copy-failed`. The button
 * shows only once this script runs; without JavaScript or clipboard access the field stays
 * there to select by hand, and a failed copy leaves it selected. */
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copyStatus);
      if (!field) return;
      let copied = true;
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        field.select();
        try {
          copied = document.execCommand("copy");
        } catch {
          copied = false;
        }
      }
      if (status) {
        status.textContent = (copied ? button.dataset.copied : button.dataset.copyFailed) || "";
      }
    });
  }
});
