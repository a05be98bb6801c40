// The search box's suggestions: an ARIA combobox. Typing asks /search/suggest (after 2 characters, 120 ms
// after the last key); arrow keys move through the options, Enter opens the chosen one (or searches for
// what is typed), Escape closes the list. Without JavaScript the box is a plain search form.
(() => {
    for (const form of document.querySelectorAll("form.site-search[data-suggest]")) {
        const input = form.querySelector("input[name=q]");
        const panel = form.querySelector(".site-search-suggestions");
        let timer = 0, active = -1, controller = null, last = "";

        const options = () => [...panel.querySelectorAll("[role=option]")];
        const close = () => {
            panel.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        };
        const highlight = (index) => {
            const all = options();
            all.forEach((o, i) => o.setAttribute("aria-selected", i === index ? "true" : "false"));
            active = index;
            if (index >= 0 && all[index]) {
                input.setAttribute("aria-activedescendant", all[index].id);
                all[index].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        };
        const load = async () => {
            const text = input.value.trim();
            if (text.length < 2) { close(); return; }
            if (text === last && !panel.hidden) { return; }
            last = text;
            controller?.abort();
            controller = new AbortController();
            try {
                const response = await fetch(`${form.dataset.suggest}?q=${encodeURIComponent(text)}`, { signal: controller.signal, headers: { "Accept": "text/html" } });
                if (!response.ok) { close(); return; }
                panel.innerHTML = await response.text();
                const count = options().length;
                panel.hidden = count === 0;
                input.setAttribute("aria-expanded", count > 0 ? "true" : "false");
                active = -1;
            } catch (e) {
                if (e.name !== "AbortError") { close(); }
            }
        };

        input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 120); });
        input.addEventListener("keydown", (e) => {
            const all = options();
            if (e.key === "ArrowDown" && all.length) { e.preventDefault(); if (panel.hidden) { panel.hidden = false; input.setAttribute("aria-expanded", "true"); } highlight((active + 1) % all.length); }
            else if (e.key === "ArrowUp" && all.length) { e.preventDefault(); highlight(active <= 0 ? all.length - 1 : active - 1); }
            else if (e.key === "Escape") { close(); }
            else if (e.key === "Enter" && active >= 0 && all[active] && !panel.hidden) { e.preventDefault(); window.location.href = all[active].dataset.href; }
        });
        panel.addEventListener("mousedown", (e) => {
            const option = e.target.closest("[role=option]");
            if (option) { e.preventDefault(); window.location.href = option.dataset.href; }
        });
        input.addEventListener("blur", () => setTimeout(close, 100));
    }

    // With htmx on the results page, the filter form applies itself: its button is for pages without JavaScript.
    document.documentElement.classList.add("js");
})();
