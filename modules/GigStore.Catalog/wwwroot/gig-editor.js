// Progressive enhancement for the seller's gig editor. Every step works without JavaScript; with it,
// the form shows only what applies: the chosen category's attributes, the offered packages' columns,
// and options only for choice questions.

// Overview: attribute groups of the chosen category and of its parent.
document.querySelectorAll("select[data-attribute-switch]").forEach((select) => {
  const groups = document.querySelectorAll(".attribute-group[data-category]");
  document.querySelectorAll("[data-no-js-hint]").forEach((hint) => (hint.hidden = true));
  const update = () => {
    const option = select.selectedOptions[0];
    const ids = [select.value, option?.dataset.parent].filter(Boolean);
    groups.forEach((group) => {
      const applies = ids.includes(group.dataset.category);
      group.hidden = !applies;
      group.querySelectorAll("input").forEach((input) => (input.disabled = !applies));
    });
  };
  select.addEventListener("change", update);
  update();
});

// Pricing: only the columns (and the extras' "can be added to" boxes) of the packages offered.
const counts = document.querySelectorAll("input[data-package-count]");
if (counts.length > 0) {
  const update = () => {
    const checked = document.querySelector("input[data-package-count]:checked");
    const count = checked ? Number(checked.value) : 1;
    document.querySelectorAll("[data-tier]").forEach((cell) => {
      const shown = Number(cell.dataset.tier) < count;
      cell.hidden = !shown;
      cell.querySelectorAll("input, select, textarea").forEach((input) => (input.disabled = !shown));
    });
  };
  counts.forEach((radio) => radio.addEventListener("change", update));
  update();
}

// Requirements: choices only for choice questions.
document.querySelectorAll("select[data-requirement-kind]").forEach((select) => {
  const options = select.closest("fieldset").querySelector("[data-options]");
  const update = () => {
    options.hidden = !["SingleChoice", "MultipleChoice"].includes(select.value);
  };
  select.addEventListener("change", update);
  update();
});

// After a failed save, take keyboard and screen-reader users to the list of errors.
document.getElementById("editor-errors")?.focus();
