// Record a reflection in the browser (MediaRecorder) and attach it to the form's file field.
(function () {
  "use strict";
  // Words come from Django's JavaScript catalog (/jsi18n/, loaded first by the base template).
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) { return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); }); };
  const box = document.querySelector("[data-recorder]");
  if (!box) return;
  const start = box.querySelector("[data-start]");
  const stop = box.querySelector("[data-stop]");
  const status = box.querySelector("[data-status]");
  const player = box.querySelector("audio");
  const input = document.getElementById(box.dataset.input);
  if (!window.MediaRecorder || !navigator.mediaDevices) {
    status.textContent = gettext("This browser cannot record here. Choose a recording file instead.");
    start.disabled = true;
    return;
  }
  box.hidden = false;
  let recorder = null;
  let chunks = [];
  start.addEventListener("click", async function () {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      recorder = new MediaRecorder(stream);
      chunks = [];
      recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
      recorder.onstop = function () {
        stream.getTracks().forEach((t) => t.stop());
        const type = recorder.mimeType || "audio/webm";
        const blob = new Blob(chunks, { type: type });
        const ext = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
        const file = new File([blob], "recording." + ext, { type: type });
        const dt = new DataTransfer();
        dt.items.add(file);
        input.files = dt.files;
        player.src = URL.createObjectURL(blob);
        player.hidden = false;
        status.textContent = interpolate(gettext("Recorded %(size)s KB. It is saved with your reflection."), { size: Math.round(blob.size / 1024) }, true);
        box.dataset.state = "recorded";
      };
      recorder.start();
      start.disabled = true;
      stop.disabled = false;
      status.textContent = gettext("Recording… press Stop when you are done.");
      box.dataset.state = "recording";
    } catch (err) {
      status.textContent = interpolate(gettext("The microphone could not start (%(error)s). You can still write."), { error: err.name }, true);
    }
  });
  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") recorder.stop();
    start.disabled = false;
    stop.disabled = true;
  });
})();
