// The search box on the index page: Pagefind's own interface over the site's index,
// its field labelled by the visible heading above it (Pagefind gives it a title only).
window.addEventListener('DOMContentLoaded', () => {
  if (typeof PagefindUI !== 'function') return;
  new PagefindUI({ element: '#search', showSubResults: true, showImages: false });
  const label = () => {
    const input = document.querySelector('#search input');
    if (input) input.setAttribute('aria-labelledby', 'search-heading');
    return input;
  };
  if (!label()) {
    const observer = new MutationObserver(() => { if (label()) observer.disconnect(); });
    observer.observe(document.getElementById('search'), { childList: true, subtree: true });
  }
});
