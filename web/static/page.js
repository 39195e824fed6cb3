// The page's own behaviour, loaded once in <head> (web/page.py): theme switch, landing on the top of
// each new answer, the policy viewer as an overlay on narrow screens, copy and download.
(() => {
  const THEME_KEY = 'policy-assistant-theme';
  const NARROW = '(max-width: 820px)';
  const setTheme = (dark) => document.body.classList.toggle('dark', dark);

  // Gradio sets its own theme class once the app mounts; ours is applied after it, and again on
  // each change to <body>'s class while the page loads.
  const stored = () => localStorage.getItem(THEME_KEY);
  const applyStored = () => { if (stored()) setTheme(stored() === 'dark'); };

  function scrollParent(el) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowY) && p.scrollHeight > p.clientHeight) return p;
    }
    return null;
  }

  // The newest question at the top of the chat, so its answer reads from the start (question,
  // sign, answer) instead of from the bottom of the last source.
  function landOnLatest() {
    const qs = document.querySelectorAll('#chat .question');
    if (!qs.length) return;
    const q = qs[qs.length - 1];
    const row = q.closest('.message-row') || q.closest('[data-testid="user"]') || q;
    const box = scrollParent(row);
    if (box) box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    // The page too, when the question is above the screen or too low on it for its answer to show.
    const top = row.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 220) window.scrollBy({top: top - 8});
  }

  let seen = '';
  function watchAnswers() {
    // A new pending answer, or a finished one (it has a footer), moves the view; streaming does not.
    const answers = document.querySelectorAll('#chat .answer');
    const last = answers[answers.length - 1];
    const state = last ? `${answers.length}:${last.classList.contains('pending')}:${!!last.querySelector('.answer-foot')}` : '';
    if (state !== seen) {
      seen = state;
      if (last && (last.classList.contains('pending') || last.querySelector('.answer-foot'))) requestAnimationFrame(landOnLatest);
    }
  }

  // The overlay opens at the top of the policy, or at its marked span (viewer.js scrolls to a
  // mark when a cited span arrives), never where the last policy was left.
  function openViewer() {
    if (!window.matchMedia(NARROW).matches) return;
    document.body.classList.add('viewer-open');
    const overlay = document.querySelector('#viewer-column');
    const m = overlay && overlay.querySelector('mark.cited');
    if (m) { m.scrollIntoView({block: 'center'}); return; }
    if (overlay) overlay.scrollTop = 0;
    const doc = overlay && overlay.querySelector('.viewer-doc');
    if (doc) doc.scrollTop = 0;
  }

  // After a policy is added, the Policy box it was selected in is brought into view and flashed.
  function showSelector() {
    if (!document.querySelector('#upload-status .upload-status.ok')) return;
    const box = document.querySelector('#policy-select');
    if (!box) return;
    box.scrollIntoView({block: 'center', behavior: 'smooth'});
    box.classList.remove('flash');
    void box.offsetWidth;  // restarts the animation on a second upload
    box.classList.add('flash');
  }

  function closeViewer() {
    document.body.classList.remove('viewer-open');
  }

  async function copyAnswer(button) {
    try {
      await navigator.clipboard.writeText(button.value);
      button.textContent = 'Copied ✓';
    } catch (e) {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }

  function download(data, kind) {
    const text = data && data[kind];
    if (!text) { alert('Ask a question first: there is nothing to export yet.'); return; }
    const type = kind === 'json' ? 'application/json' : 'text/markdown';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], {type: type + ';charset=utf-8'}));
    a.download = kind === 'json' ? 'conversation.json' : 'conversation.md';
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  window.policyAssistant = {
    download, closeViewer, openViewer, showSelector,
    toggleTheme() {
      const dark = !document.body.classList.contains('dark');
      localStorage.setItem(THEME_KEY, dark ? 'dark' : 'light');
      setTheme(dark);
    },
  };

  document.addEventListener('click', (e) => {
    const b = e.target.closest ? e.target.closest('button') : null;
    if (!b) return;
    if (b.classList.contains('copy-answer')) copyAnswer(b);
    else if (b.classList.contains('open-policy')) openViewer();
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeViewer(); });

  // Gradio may add this script to <head> after the document has loaded.
  const init = () => {
    applyStored();
    new MutationObserver(watchAnswers).observe(document.body, {childList: true, subtree: true});
    let themeFixes = 0;
    new MutationObserver(() => { if (themeFixes++ < 20) applyStored(); })
      .observe(document.body, {attributes: true, attributeFilter: ['class']});
    // Focus the question box on wide screens only: on a phone the keyboard would cover the title.
    const focus = setInterval(() => {
      const box = document.querySelector('#question textarea');
      if (!box) return;
      clearInterval(focus);
      if (!window.matchMedia(NARROW).matches) box.focus({preventScroll: true});
    }, 200);
  };
  if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', init);
  else init();
})();
