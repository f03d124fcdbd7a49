// Pointer input the way a learner expects it, in front of Emscripten 3.1.6's GLFW (which
// passes the wheel's deltaY through with the browser's sign and in pixels, and drops touch
// moves): the wheel and trackpads scroll the natural way and by about three lines a notch;
// one finger acts as the mouse (drags cells and arrows, swipes scroll panels in the C++ UI);
// and a tap on a number opens a numeric field over it so a phone keyboard can type.
// Listeners sit on window in the capture phase, so they run before GLFW's canvas listeners.
// Every input also stamps window.apLastInput: the wasm side draws only for a short while
// after input (or when the state changes), so an open tab that nobody touches idles.
// The wasm side is src/platform/web/web_input.cpp (Module._ap_web_*).
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const wasm = function (name) {
    const m = window.Module;
    return m && typeof m[name] === 'function' ? m[name] : null;
  };

  // --- Activity: any input (and any call of window.attention, see attention_api.js) keeps
  // the page drawing for a moment; so does a resize or a zoom (devicePixelRatio).
  window.apLastInput = performance.now();
  const stamp = function () { window.apLastInput = performance.now(); };
  for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'mousemove',
    'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'keypress', 'touchstart', 'touchmove',
    'touchend', 'resize', 'focus', 'blur', 'hashchange', 'visibilitychange']) {
    window.addEventListener(type, stamp, { capture: true, passive: true });
  }

  // --- Wheel: one notch (100 px in Chrome, 3 lines in Firefox) = 1 ImGui wheel step; down
  // scrolls the content up (ImGui's MouseWheel > 0 means "towards the top").
  function wheelSteps(delta, mode) {
    if (mode === 1) return delta / 3;      // DOM_DELTA_LINE
    if (mode === 2) return delta * 10;     // DOM_DELTA_PAGE
    return delta / 100;                    // DOM_DELTA_PIXEL (wheels and trackpads)
  }
  window.addEventListener('wheel', function (e) {
    if (e.target !== canvas) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const f = wasm('_ap_web_wheel');
    if (f) f(-wheelSteps(e.deltaX, e.deltaMode), -wheelSteps(e.deltaY, e.deltaMode));
  }, { capture: true, passive: false });

  // --- Touch: one finger becomes the mouse. GLFW reads the mouse from mouse events, so each
  // touch pointer event is replayed as one. A press and its release are kept at least two
  // frames apart (ImGui 1.86 samples the buttons once per frame), and after a release the
  // cursor leaves the canvas so nothing stays hovered under a lifted finger.
  let touchId = null;
  let pressedAt = 0;
  let frame = 0;
  (function count() { ++frame; requestAnimationFrame(count); })();

  function mouse(type, x, y, buttons) {
    canvas.dispatchEvent(new MouseEvent(type, {
      clientX: x, clientY: y, button: 0, buttons: buttons, bubbles: true, cancelable: true,
    }));
  }
  function afterFrames(n, fn) {
    if (n <= 0) fn(); else requestAnimationFrame(function () { afterFrames(n - 1, fn); });
  }

  window.addEventListener('pointerdown', function (e) {
    const f = wasm('_ap_web_set_touch');
    if (f) f(e.pointerType === 'touch' ? 1 : 0);
    if (e.pointerType !== 'touch' || e.target !== canvas || touchId !== null) return;
    touchId = e.pointerId;
    pressedAt = frame;
    mouse('mousemove', e.clientX, e.clientY, 0);
    // The cursor arrives a frame before the press, so ImGui hovers what the finger touches.
    afterFrames(1, function () { mouse('mousedown', e.clientX, e.clientY, 1); });
  }, true);

  window.addEventListener('pointermove', function (e) {
    if (e.pointerId !== touchId) return;
    mouse('mousemove', e.clientX, e.clientY, 1);
  }, true);

  function release(e) {
    if (e.pointerId !== touchId) return;
    touchId = null;
    const wait = Math.max(0, pressedAt + 3 - frame);
    afterFrames(wait, function () {
      mouse('mouseup', e.clientX, e.clientY, 0);
      afterFrames(2, function () {
        if (touchId === null) mouse('mousemove', -100000, -100000, 0);
      });
    });
  }
  window.addEventListener('pointerup', release, true);
  window.addEventListener('pointercancel', release, true);

  // GLFW's own touch handlers would press the button at a stale position, and the browser's
  // compatibility mouse events would click twice: both are stopped here.
  for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
    window.addEventListener(type, function (e) {
      if (e.target !== canvas) return;
      e.preventDefault();
      e.stopImmediatePropagation();
    }, { capture: true, passive: false });
  }

  // --- Numeric entry: the UI asks for it (a tap on a number on a touch screen); the field
  // sits over the number, in CSS pixels, and its value goes back on Enter or when it loses
  // focus. Escape (or an empty field) cancels.
  const field = document.createElement('input');
  field.id = 'numeric-entry';
  field.type = 'text';
  field.inputMode = 'decimal';
  field.autocomplete = 'off';
  field.spellcheck = false;
  field.hidden = true;
  document.body.appendChild(field);
  let open = false;

  function close(submit) {
    if (!open) return;
    open = false;
    const text = field.value;
    field.hidden = true;
    const m = window.Module;
    if (!m || !wasm('_ap_web_numeric_entry_done')) return;
    const size = m.lengthBytesUTF8(text) + 1;
    const ptr = m._malloc(size);
    if (!ptr) return;
    m.stringToUTF8(text, ptr, size);
    m._ap_web_numeric_entry_done(submit && text.trim() !== '' ? 1 : 0, ptr);
    m._free(ptr);
  }
  field.addEventListener('keydown', function (e) {
    e.stopPropagation();  // typing here is not a shortcut for the canvas
    if (e.key === 'Enter') close(true);
    else if (e.key === 'Escape') close(false);
  });
  field.addEventListener('keyup', function (e) { e.stopPropagation(); });
  field.addEventListener('keypress', function (e) { e.stopPropagation(); });
  field.addEventListener('blur', function () { close(true); });

  // Called by the wasm side (web_input.cpp) with the number's rectangle in CSS pixels.
  window.apNumericEntry = function (x, y, w, h, value, label) {
    field.value = value;
    field.setAttribute('aria-label', label);
    field.style.left = x + 'px';
    field.style.top = y + 'px';
    field.style.width = Math.max(w, 96) + 'px';
    field.style.height = Math.max(h, 32) + 'px';
    field.hidden = false;
    open = true;
    field.focus();
    field.select();
  };
  window.apNumericEntryOpen = function () { return open; };
})();
