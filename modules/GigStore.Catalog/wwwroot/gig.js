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
    days = Math.max(1, days);
    total.querySelector(".package-total-price").textContent = money.format(price / 100);
    total.querySelector(".package-total-days").textContent = days === 1 ? "1 day" : `${days} days`;
  };
  form.addEventListener("change", update);
  form.querySelector("button[type=submit]").hidden = true;
});
