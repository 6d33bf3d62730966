// The export page's "Select all" box, wired here rather than by an inline handler.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".select-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
