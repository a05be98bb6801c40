// Progressive enhancement for the package picker: the total and delivery time follow the chosen
// package and extras as they change. Without JavaScript, "Update total" asks the server instead.
document.querySelectorAll("form.package-picker").forEach((form) => {
  const total = form.querySelector(".package-total");
  const money = new Intl.NumberFormat(document.documentElement.lang || "en", {
    style: "currency",
    currency: total.dataset.currency,
    minimumFractionDigits: 0,
  });
  const update = () => {
    const chosen = form.querySelector("input[name=package]:checked");
    let price = Number(chosen.dataset.price);
    let days = Number(chosen.dataset.days);
    form.querySelectorAll("input[name=extras]").forEach((extra) => {
      const applies = extra.dataset.tiers.split(" ").includes(chosen.value);
      extra.disabled = !applies;
      extra.closest("label").classList.toggle("is-unavailable", !applies);
      if (applies && extra.checked) {
        price += Number(extra.dataset.price);
        days += Number(extra.dataset.days);
      }
    });
    price *= chosenQuantity();
    days = Math.max(1, days);
    document.querySelectorAll(".package-total-price").forEach((el) => (el.textContent = money.format(price / 100)));
    total.querySelector(".package-total-days").textContent = days === 1 ? "1 day" : `${days} days`;
  };
  // The quantity as priced and as posted: a whole number from 1 to the seller's most.
  const chosenQuantity = () => {
    const quantity = form.querySelector("input[name=quantity]");
    return quantity ? Math.min(Number(quantity.max), Math.max(1, Math.floor(Number(quantity.value) || 1))) : 1;
  };
  // "Continue" posts what is chosen now, not what the page was loaded with.
  const next = document.querySelector("form.package-continue");
  const syncContinue = () => {
    if (!next) return;
    next.querySelector("input[name=package]").value = form.querySelector("input[name=package]:checked").value;
    if (form.querySelector("input[name=quantity]")) next.querySelector("input[name=quantity]").value = chosenQuantity();
    next.querySelectorAll("input[name=extras]").forEach((input) => input.remove());
    form.querySelectorAll("input[name=extras]:checked:not(:disabled)").forEach((extra) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "extras";
      input.value = extra.value;
      next.append(input);
    });
  };
  form.addEventListener("change", () => {
    update();
    syncContinue();
  });
  form.querySelector("button[type=submit]").hidden = true;
});
