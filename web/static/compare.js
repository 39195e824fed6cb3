// The Compare tab's viewer js_on_load body (gr.HTML provides `element`, `trigger` and `watch`).
// A click on a table value or quote number (button.fact-quote, value "start:end:slug", as the chat's
// citation buttons) sends {policy, start, end} with this viewer's click event; the server answers
// with the policy, the quote marked, and the mark scrolls into view. The clicked cell stays outlined
// so the reader can find their place in the table again.
window.__compareViewerTrigger = trigger;
if (!window.__compareViewerBound) {
  window.__compareViewerBound = true;
  document.addEventListener('click', (e) => {
    const b = e.target.closest ? e.target.closest('button.fact-quote') : null;
    if (!b) return;
    e.preventDefault();
    document.querySelectorAll('#compare-table td.selected').forEach((td) => td.classList.remove('selected'));
    const td = b.closest('td');
    if (td) td.classList.add('selected');
    // The span already shown: the viewer's HTML would not change, so nothing would scroll to it.
    const shown = document.querySelector('#compare-viewer mark.cited');
    if (shown && b.value === window.__compareShown) { window.__compareShowMark(shown); return; }
    window.__compareShown = b.value;
    const [start, end, ...slug] = (b.value || '').split(':');
    window.__compareViewerTrigger('click', {policy: slug.join(':'), start: Number(start), end: Number(end)});
  });
}
// On a phone two policies show side by side; the two lists above the table pick which.
if (!window.__comparePairBound) {
  window.__comparePairBound = true;
  document.addEventListener('change', (e) => {
    if (!e.target.matches || !e.target.matches('#compare-table select.pair-pick')) return;
    const root = e.target.closest('#compare-table');
    const picked = [...root.querySelectorAll('select.pair-pick')].map((s) => Number(s.value) + 2);  // nth-child: 1 is the category
    const table = root.querySelector('table.compare');
    table.classList.add('paired');
    table.querySelectorAll('tr').forEach((tr) => [...tr.children].forEach((cell, i) => {
      cell.classList.toggle('off', i > 0 && !picked.includes(i + 1));
    }));
  });
}
// The viewer is docked at the bottom of the screen once a quote is open (compare.css): only its own
// box scrolls to the quote, so the page, and the reader's place in the table, stay where they are.
function showMark(m) {
  const doc = m.closest('.viewer-doc');
  if (!doc) { m.scrollIntoView({block: 'center'}); return; }
  doc.scrollTop += m.getBoundingClientRect().top - doc.getBoundingClientRect().top - doc.clientHeight / 3;
}
window.__compareShowMark = showMark;
watch('value', () => {
  const m = element.querySelector('mark.cited');
  if (m) requestAnimationFrame(() => showMark(m));  // after the dock's layout
});
