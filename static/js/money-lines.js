/*
 * Budget and spending rows (pilots/includes/money_lines.html), added and removed in place, with
 * a running total read out politely. Without this script the same form works by reloading:
 * "Add a row" is a submit button, "Remove" a checkbox, and the total shows what was saved.
 */
(function () {
  "use strict";

  var money = new Intl.NumberFormat(document.documentElement.lang || "fi", {
    style: "currency",
    currency: "EUR",
  });

  function visibleRows(block) {
    return Array.prototype.filter.call(block.querySelectorAll("[data-row]"), function (row) {
      return !row.hidden;
    });
  }

  function updateTotal(block) {
    var total = 0;
    visibleRows(block).forEach(function (row) {
      var amount = parseFloat(row.querySelector("input[name$='-amount']").value.replace(",", "."));
      if (isFinite(amount)) {
        total += amount;
      }
    });
    block.querySelector("[data-total]").textContent = money.format(total);
  }

  function removeButton(row, block) {
    var box = row.querySelector("input[name$='-DELETE']");
    var label = row.querySelector("label[for='" + box.id + "']");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary button--small";
    button.innerHTML = label.innerHTML;
    box.hidden = true;
    label.hidden = true;
    button.addEventListener("click", function () {
      box.checked = true;
      row.hidden = true;
      updateTotal(block);
      block.querySelector("[data-add-row]").focus();
      updateAddButton(block);
    });
    box.parentNode.appendChild(button);
  }

  function updateAddButton(block) {
    var total = block.querySelector("input[name$='-TOTAL_FORMS']");
    block.querySelector("[data-add-row]").disabled =
      parseInt(total.value, 10) >= parseInt(block.dataset.max, 10);
  }

  function addRow(block) {
    var total = block.querySelector("input[name$='-TOTAL_FORMS']");
    var index = parseInt(total.value, 10);
    var rows = block.querySelectorAll("[data-row]");
    var last = rows[rows.length - 1];
    var row = last.cloneNode(true);
    var from = new RegExp("-" + (index - 1) + "-");
    row.hidden = false;
    row.querySelectorAll(".errorlist, button").forEach(function (node) {
      node.remove();
    });
    row.querySelectorAll("input, label").forEach(function (node) {
      ["id", "name", "for"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) {
          node.setAttribute(attribute, value.replace(from, "-" + index + "-"));
        }
      });
      if (node.tagName === "LABEL") {
        node.innerHTML = node.innerHTML.replace(String(index), String(index + 1));
      } else {
        node.removeAttribute("aria-invalid");
        node.removeAttribute("aria-describedby");
        node.value = node.type === "checkbox" ? node.value : "";
        node.checked = false;
      }
    });
    last.parentNode.appendChild(row);
    total.value = index + 1;
    removeButton(row, block);
    updateAddButton(block);
    row.querySelector("input").focus();
  }

  document.querySelectorAll("[data-money-lines]").forEach(function (block) {
    var add = block.querySelector("[data-add-row]");
    add.type = "button";
    add.addEventListener("click", function () {
      addRow(block);
    });
    block.querySelectorAll("[data-row]").forEach(function (row) {
      removeButton(row, block);
    });
    block.addEventListener("input", function () {
      updateTotal(block);
    });
    updateAddButton(block);
    updateTotal(block);
  });
})();
