// Kiosk idle reset: back to the start screen after the idle time without any touch or key. Without
// JavaScript a <noscript> meta refresh does the same (it cannot see activity, so it is the fallback).
(function () {
  'use strict';
  var seconds = Number(document.body.dataset.idleSeconds) || 120;
  var timer = null;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (location.pathname !== '/kiosk' || location.search) location.href = '/kiosk';
      else arm();
    }, seconds * 1000);
  }
  ['pointerdown', 'keydown', 'scroll', 'touchstart'].forEach(function (e) {
    window.addEventListener(e, arm, { passive: true });
  });
  arm();
})();
