// Behaviour shared by every page, attached by data attributes (no inline script: see the Content-Security-Policy).
// <select data-submit-on-change>: choosing an option sends its form (the language menu).
document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
  field.addEventListener("change", function () { field.form.submit(); });
});
