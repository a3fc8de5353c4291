// Material wraps wide tables in a horizontally scrolling box. Keyboard users can only scroll a
// box that takes focus, so each box gets a tab stop and a name (axe: scrollable-region-focusable).
// document$ is Material's page-load stream: it also fires after instant navigation.
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    if (!box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  });
});
