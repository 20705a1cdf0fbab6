// Auto-scroll for the task console: follows the newest lines while the user is at the bottom, pauses when
// they scroll up, resumes when they scroll back down (or click "follow"). Runs entirely in the browser.
export function follow(wrap) {
    const output = wrap.querySelector('.console-output');
    const jump = wrap.querySelector('[data-console-jump]');
    let following = true;
    const atBottom = () => output.scrollHeight - output.scrollTop - output.clientHeight < 24;
    const setFollowing = value => {
        following = value;
        wrap.dataset.following = value ? 'true' : 'false';
    };
    const toBottom = () => { output.scrollTop = output.scrollHeight; };

    setFollowing(true);
    output.addEventListener('scroll', () => setFollowing(atBottom()), { passive: true });
    jump.addEventListener('click', () => { setFollowing(true); toBottom(); });
    new MutationObserver(() => { if (following) { toBottom(); } })
        .observe(output, { childList: true, subtree: true, characterData: true });
    toBottom();
}
