// The policy viewer's js_on_load body (gr.HTML provides `element`, `trigger` and `watch`).
// Runs once in the browser: any "Open in policy" button or [n] marker (they live inside chat
// messages) sends its citation with the viewer's click event; after each new document the cited
// span scrolls into view.
// The listener is bound once per page even if this runs again; it calls the newest `trigger`.
window.__policyViewerTrigger = trigger;
if (!window.__policyViewerBound) {
  window.__policyViewerBound = true;
  document.addEventListener('click', (e) => {
    const b = e.target.closest ? e.target.closest('button.open-policy') : null;
    if (!b) return;
    e.preventDefault();
    const [start, end, ...slug] = (b.value || '').split(':');
    window.__policyViewerTrigger('click', {policy: slug.join(':'), start: Number(start), end: Number(end)});
  });
}
// A policy without a marked span opens at its top (the phone's overlay kept the last scroll
// position, so "Read policy" opened mid-policy with its heading out of sight).
watch('value', () => {
  const m = element.querySelector('mark.cited');
  const doc = element.querySelector('.viewer-doc');
  // Only the policy's own box scrolls to the span: the page (and the answer read) stays put.
  if (m && doc) { requestAnimationFrame(() => { doc.scrollTop += m.getBoundingClientRect().top - doc.getBoundingClientRect().top - doc.clientHeight / 3; }); return; }
  if (m) { m.scrollIntoView({block: 'center'}); return; }
  if (doc) doc.scrollTop = 0;
  const overlay = element.closest('#viewer-column');
  if (overlay) overlay.scrollTop = 0;
});
