// The emulator page: draws what the device's outputs do (pushed over /api/events) and turns
// mouse and key presses into input edges through the control API. Nothing here decides what a
// gesture means: a press is "level active", a release "level inactive", and the firmware does
// the rest, exactly as with a real button.
'use strict';

const $ = (id) => document.getElementById(id);

// --- Control API calls, strictly in order --------------------------------------------------
// A release must never overtake its press, so every request waits for the one before it.
let queue = Promise.resolve();
function send(method, path, body) {
  queue = queue.then(async () => {
    const response = await fetch('/api' + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      console.warn(method, path, response.status, await response.text());
    }
  }).catch((error) => console.warn(method, path, error));
  return queue;
}

// --- Buttons: pin edges -------------------------------------------------------------------
const held = new Set();
const buttonElements = {
  record: [$('record-button'), $('btn-record')],
  function: [$('function-button'), $('btn-function')],
  trigger: [$('btn-trigger')],
};

function setInput(input, active) {
  if (active === held.has(input)) {
    return;
  }
  if (active) { held.add(input); } else { held.delete(input); }
  for (const element of buttonElements[input] || []) {
    element.classList.toggle('pressed', active);
  }
  // The page's own clock goes with the edge: requests can queue behind a slow one and arrive
  // together, and the device then keeps the spacing the person made rather than the burst's.
  send('PUT', '/inputs/' + input, { active, atMs: performance.now() });
}

for (const [input, elements] of Object.entries(buttonElements)) {
  for (const element of elements) {
    element.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      unlockAudio();
      element.setPointerCapture?.(event.pointerId);
      setInput(input, true);
    });
    const release = () => setInput(input, false);
    element.addEventListener('pointerup', release);
    element.addEventListener('pointercancel', release);
  }
}

const keyInputs = { r: 'record', f: 'function', t: 'trigger' };
document.addEventListener('keydown', (event) => {
  if (event.repeat || event.target.matches('input, textarea')) {
    return;
  }
  const key = event.key.toLowerCase();
  unlockAudio();
  if (keyInputs[key]) {
    event.preventDefault();
    setInput(keyInputs[key], true);
  } else if (key === 'd') {
    toggleDock();
  }
});
document.addEventListener('keyup', (event) => {
  const input = keyInputs[event.key.toLowerCase()];
  if (input) {
    setInput(input, false);
  }
});
// A window that loses focus never sees the key or mouse come up: release what is held.
window.addEventListener('blur', () => { for (const input of [...held]) { setInput(input, false); } });

let docked = false;
function toggleDock() { send('PUT', '/dock', { docked: !docked }); }
$('btn-dock').addEventListener('click', toggleDock);

$('api-start').addEventListener('click', () => send('POST', '/recording/start'));
$('api-stop').addEventListener('click', () => send('POST', '/recording/stop'));
$('api-marker').addEventListener('click', () => send('POST', '/recording/marker'));
$('camera-fault').addEventListener('click', () => send('POST', '/camera/fault', { detail: 'camera fault from the emulator page' }));
$('camera-recover').addEventListener('click', () => send('POST', '/camera/recover'));
$('battery').addEventListener('input', () => { $('battery-value').textContent = $('battery').value + ' %'; });
$('battery').addEventListener('change', () => send('PUT', '/battery', { percent: Number($('battery').value) }));
$('storage').addEventListener('change', () => send('PUT', '/storage', { freeMegabytes: Math.max(0, Math.round(Number($('storage').value))) }));
$('gnss-fix').addEventListener('click', () => send('PUT', '/gnss', { latitude: Number($('gnss-lat').value), longitude: Number($('gnss-lon').value) }));
$('gnss-nofix').addEventListener('click', () => send('PUT', '/gnss', { fix: false }));
$('gnss-silent').addEventListener('click', () => send('PUT', '/gnss', { silent: true }));
$('rtc-state').addEventListener('change', () => send('PUT', '/rtc', { state: $('rtc-state').value }));

// --- Beeper: Web Audio following the PWM channel --------------------------------------------
// A square wave at the PWM frequency; loudness follows the duty cycle (50 % is a piezo's loudest).
// Browsers only allow sound after a user gesture, so the context is made on the first one.
let audio = null;
function unlockAudio() {
  if (audio) {
    if (audio.context.state === 'suspended') { audio.context.resume(); }
    return;
  }
  const AudioContextType = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextType) {
    return;
  }
  const context = new AudioContextType();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'square';
  gain.gain.value = 0;
  oscillator.connect(gain).connect(context.destination);
  oscillator.start();
  audio = { context, oscillator, gain };
}

function tone(on, frequencyHz, dutyCycle) {
  if (!audio || (on && !$('sound').checked)) {
    return;
  }
  const now = audio.context.currentTime;
  if (on && frequencyHz > 0) {
    audio.oscillator.frequency.setValueAtTime(frequencyHz, now);
  }
  const loudness = on ? 0.08 * Math.max(0.1, 1 - Math.abs((dutyCycle || 0.5) - 0.5) * 2) : 0;
  audio.gain.gain.setTargetAtTime(loudness, now, 0.003);
}
$('sound').addEventListener('change', () => { if (!$('sound').checked) { tone(false); } });

// --- Outputs ------------------------------------------------------------------------------
function showOutput(name, on, frequencyHz, dutyCycle) {
  switch (name) {
    case 'record-indicator':
    case 'status-led':
      $(name).setAttribute('data-lit', String(on));
      break;
    case 'beeper': {
      const beeper = $('beeper');
      if (on && beeper.getAttribute('data-sounding') !== 'true') {
        beeper.setAttribute('data-beeps', String(Number(beeper.getAttribute('data-beeps')) + 1));
      }
      beeper.setAttribute('data-sounding', String(on));
      $('beep-cue').classList.toggle('on', on);
      tone(on, frequencyHz, dutyCycle);
      break;
    }
    case 'vibration':
      $('camera').classList.toggle('vibrating', on);
      $('vibration-cue').classList.toggle('on', on);
      break;
  }
}

// --- Status -------------------------------------------------------------------------------
function showStatus(status) {
  $('state').textContent = status.state;
  $('recording-id').textContent = status.recordingId || '–';
  $('markers').textContent = String(status.markerCount);
  $('stealth').textContent = status.stealth ? 'ON' : 'off';
  $('light-mode').textContent = status.lightMode;
  $('docked').textContent = status.docked ? 'yes' : 'no';
  $('alarms').textContent = status.alarms.length ? status.alarms.join(', ') : 'none';
  $('alarms').classList.toggle('active', status.alarms.length > 0);
  docked = status.docked;
  $('btn-dock').classList.toggle('active', docked);
  if (status.batteryPercent !== null && document.activeElement !== $('battery')) {
    $('battery').value = status.batteryPercent;
    $('battery-value').textContent = status.batteryPercent + ' %';
  }
  if (status.freeStorageMegabytes !== null && document.activeElement !== $('storage')) {
    $('storage').value = status.freeStorageMegabytes;
  }
  const battery = status.battery;
  $('battery-read').textContent = !battery ? 'no fuel gauge'
    : battery.percent === null ? `gauge unreadable: ${battery.error}`
    : `${battery.percent.toFixed(1)} % (${battery.volts.toFixed(3)} V)${battery.low ? ', LOW' : ''}`;
  const gnss = status.gnss;
  $('gnss').textContent = !gnss ? 'no report'
    : gnss.fix ? `${gnss.latitude.toFixed(5)}, ${gnss.longitude.toFixed(5)} (${gnss.quality}, ${gnss.satellites} sat.)`
    : `no fix (${gnss.quality})`;
  const rtc = status.rtc;
  $('rtc').textContent = !rtc ? 'no RTC' : `${rtc.valid ? 'valid' : 'NOT SET'}: ${rtc.detail}`;
  $('rtc').classList.toggle('active', rtc !== null && rtc !== undefined && !rtc.valid);
  showOffload(status.offload);
  const fill = status.bufferFill;
  $('buffer-fill').textContent = fill ? `${fill.seconds.toFixed(1)} s of ${fill.targetSeconds.toFixed(0)} s` : 'not reported yet';
  $('buffer-bar').style.width = fill && fill.targetSeconds > 0 ? `${Math.min(100, 100 * fill.seconds / fill.targetSeconds)}%` : '0';
}

// --- Offload and the evidence store ---------------------------------------------------------
// What the firmware's offload reports in the status (phase, each object's bytes sent), and the
// store's own list of recordings, read through the emulator's store endpoints.
let lastPhase = null;
function showOffload(offload) {
  if (!offload) {
    return;
  }
  const phase = $('offload-phase');
  phase.textContent = offload.phase;
  phase.dataset.phase = offload.phase;
  $('offload-summary').textContent = offload.phase === 'Idle' ? ''
    : `${offload.recordingsConfirmed} of ${offload.recordingsTotal} recording(s) confirmed`
      + (offload.notTransferred.length ? `, not transferred: ${offload.notTransferred.join(', ')}` : '');
  $('offload-reason').textContent = offload.reason || '';
  const rows = $('offload-objects');
  rows.replaceChildren();
  for (const item of offload.objects) {
    const row = document.createElement('tr');
    row.className = 'object' + (item.stored ? ' stored' : '');
    row.dataset.name = item.name;
    const percent = item.totalBytes > 0 ? Math.floor(100 * item.sentBytes / item.totalBytes) : 100;
    row.dataset.percent = String(percent);
    row.innerHTML = '<td class="name"></td><td><div class="bar"><div></div></div><span class="percent"></span></td>';
    row.querySelector('.name').textContent = item.name;
    row.querySelector('.bar div').style.width = percent + '%';
    row.querySelector('.percent').textContent = `${percent} % of ${(item.totalBytes / 1024).toFixed(0)} KiB`;
    rows.append(row);
  }
  if (offload.phase !== lastPhase && (offload.phase === 'Done' || offload.phase === 'Failing')) {
    loadStore();
  }
  lastPhase = offload.phase;
}

async function loadStore() {
  const response = await fetch('/api/store/recordings');
  const body = await response.json();
  const rows = $('store-recordings');
  rows.replaceChildren();
  if (!response.ok) {
    $('store-note').textContent = body.error;
    return;
  }
  $('store-note').textContent = `${body.length} recording(s) in the store`;
  for (const recording of body) {
    const row = document.createElement('tr');
    row.className = 'stored-recording';
    row.dataset.container = recording.container;
    row.dataset.evidence = String(recording.evidence);
    row.innerHTML = '<td class="container"></td><td class="status"></td><td></td><td class="expiry"></td><td class="clips"></td><td></td>';
    row.querySelector('.container').textContent = recording.container;
    row.querySelector('.status').textContent = recording.status || '?';
    row.children[2].textContent = `${recording.objects} (${(recording.bytes / 1024).toFixed(0)} KiB)`;
    row.querySelector('.expiry').textContent = recording.deleteAt ? recording.deleteAt.substring(0, 19).replace('T', ' ') + 'Z'
      : recording.flaggedAsEvidence ? `evidence (flagged ${recording.flaggedAsEvidence})` : 'evidence (no expiry)';
    for (const clip of recording.clips) {
      row.querySelector('.clips').append(storeClipButton(recording.container, clip));
    }
    if (!recording.evidence) {
      const flag = document.createElement('button');
      flag.className = 'flag';
      flag.textContent = 'Flag as evidence';
      flag.addEventListener('click', async () => {
        flag.disabled = true;
        const answer = await fetch(`/api/store/recordings/${encodeURIComponent(recording.container)}/evidence`, { method: 'POST' });
        if (!answer.ok) {
          $('store-note').textContent = (await answer.json()).error;
        }
        loadStore();
      });
      row.lastElementChild.append(flag);
    }
    rows.append(row);
  }
}
$('store-refresh').addEventListener('click', loadStore);

// A stored clip's play button: the emulator reads the clip back from the store and decrypts it
// with its development key; a refusal (another key, no key, the store unreachable) is shown.
function storeClipButton(container, clip) {
  const play = document.createElement('button');
  play.className = 'play';
  play.dataset.clip = clip.name;
  play.title = `Play ${clip.name} as the store holds it (${(clip.bytes / 1024).toFixed(0)} KiB, ${clip.encrypted ? 'encrypted' : 'in clear'})`;
  play.textContent = `▶ ${clip.name}${clip.encrypted ? ' · encrypted' : ''}`;
  play.addEventListener('click', async () => {
    const url = `/api/store/recordings/${encodeURIComponent(container)}/clips/${encodeURIComponent(clip.name)}/playback`;
    const player = $('store-player');
    $('store-playing').textContent = `${container}/${clip.name}: fetching from the store…`;
    // Asked once first, so that a refusal's reason can be shown (a video element only says it failed).
    const answer = await fetch(url, { headers: { Range: 'bytes=0-0' } });
    if (!answer.ok) {
      $('store-playing').textContent = `${container}/${clip.name}: ${(await answer.json()).error}`;
      player.removeAttribute('src');
      player.hidden = true;
      return;
    }
    $('store-playing').textContent = `${container}/${clip.name} (${clip.encrypted ? 'decrypted with the development key' : 'stored in clear'})`;
    player.hidden = false;
    player.src = url;
    player.play().catch((error) => console.warn('play', error));
  });
  return play;
}

// --- Audit log ----------------------------------------------------------------------------
function addAudit(entry) {
  const item = document.createElement('li');
  item.value = entry.seq;
  const time = entry.utc.substring(11, 23);
  const details = Object.entries(entry.details).map(([key, value]) => `${key}=${value}`).join(' ');
  item.innerHTML = `${time} <span class="kind"></span> <span class="details"></span>`;
  item.querySelector('.kind').textContent = entry.kind;
  item.querySelector('.details').textContent = details;
  const log = $('audit-log');
  log.prepend(item);
  while (log.children.length > 300) {
    log.lastElementChild.remove();
  }
}

// --- Recordings ---------------------------------------------------------------------------
let selected = null;
function showRecordings(recordings) {
  const list = $('recordings-list');
  list.replaceChildren();
  if (recordings.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'meta';
    empty.textContent = 'none yet: double-press Record, then hold it 3 s';
    list.append(empty);
  }
  for (const recording of recordings) {
    const item = document.createElement('li');
    item.className = 'recording' + (recording.name === selected ? ' selected' : '');
    item.dataset.name = recording.name;
    const manifest = recording.manifest;
    const duration = manifest ? `${manifest.clip.durationSeconds.toFixed(1)} s` : '';
    const markers = manifest ? `${manifest.markers.length} marker(s)` : 'no manifest (being recorded, or not sealed)';
    const encrypted = manifest && manifest.encryption ? `encrypted to ${manifest.encryption.publicKeyId}` : '';
    const interrupted = manifest && manifest.interrupted ? 'interrupted' : '';
    item.innerHTML = '<div class="name"></div><div class="meta"></div>';
    item.querySelector('.name').textContent = recording.name;
    item.querySelector('.meta').textContent = [duration, markers, encrypted, interrupted, `${(recording.sizeBytes / 1024).toFixed(0)} KiB`].filter(Boolean).join(' · ');
    if (manifest) {
      item.append(categorySelector(recording));
    }
    item.addEventListener('click', () => play(recording));
    list.append(item);
  }
}

// --- Categories: the store's list as the camera knows it (GET /api/categories), set per
// recording through the control API (PUT /api/recordings/{name}/categories); the firmware decides.
let categories = { known: false, note: '', categories: [] };
async function refreshCategories() {
  const response = await fetch('/api/categories');
  if (response.ok) {
    categories = await response.json();
  }
}

function categorySelector(recording) {
  const wrapper = document.createElement('div');
  wrapper.className = 'category';
  const select = document.createElement('select');
  select.className = 'category-select';
  select.dataset.recording = recording.manifest.recordingId;
  const current = (recording.categories && recording.categories.categories) || [];
  select.append(new Option('no category', ''));
  for (const category of categories.categories) {
    select.append(new Option(category.name + (category.evidence ? ' (evidence)' : ''), category.id));
  }
  for (const category of current.filter((c) => !categories.categories.some((known) => known.id === c.id))) {
    select.append(new Option(category.name + ' (no longer in the store\'s list)', category.id));
  }
  select.value = current.length > 0 ? current[0].id : '';
  select.disabled = !categories.known;
  select.title = categories.known ? current.map((c) => c.name).join(', ') || 'no category' : categories.note;
  const error = document.createElement('span');
  error.className = 'category-error';
  select.addEventListener('click', (event) => event.stopPropagation());
  select.addEventListener('change', async () => {
    error.textContent = '';
    const response = await fetch(`/api/recordings/${encodeURIComponent(select.dataset.recording)}/categories`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ categories: select.value ? [select.value] : [] }),
    });
    if (!response.ok) {
      error.textContent = (await response.json()).error || `refused (${response.status})`;
      select.value = current.length > 0 ? current[0].id : '';
    }
  });
  wrapper.append(select, error);
  return wrapper;
}

function play(recording) {
  selected = recording.name;
  for (const item of $('recordings-list').children) {
    item.classList.toggle('selected', item.dataset.name === selected);
  }
  const player = $('player');
  // The playback endpoint decrypts an encrypted clip with the emulator's development store key.
  player.src = '/api/recordings/' + encodeURIComponent(recording.name) + '/playback';
  player.play().catch((error) => console.warn('play', error));
  $('manifest').textContent = recording.manifest ? JSON.stringify(recording.manifest, null, 2) : 'no manifest beside this clip';
}

// --- Event stream -------------------------------------------------------------------------
function connect() {
  const events = new EventSource('/api/events');
  const on = (name, handler) => events.addEventListener(name, (message) => handler(JSON.parse(message.data)));
  on('snapshot', (snapshot) => {
    $('connection').textContent = 'live';
    $('connection').classList.add('live');
    showStatus(snapshot.status);
    for (const output of snapshot.outputs) {
      showOutput(output.name, output.on, 0, 0.5);
    }
    $('audit-log').replaceChildren();
    for (const entry of snapshot.audit) {
      addAudit(entry);
    }
    refreshCategories().then(() => showRecordings(snapshot.recordings));
  });
  on('status', showStatus);
  on('output', (change) => showOutput(change.name, change.on, change.frequencyHz, change.dutyCycle));
  on('audit', addAudit);
  // A dock read the store's categories: the selectors offer them from now on.
  on('audit', (entry) => entry.kind === 'categories' && refreshCategories().then(() => fetch('/api/recordings').then((r) => r.json()).then(showRecordings)));
  // Levels set elsewhere (the control API, a scenario, the console keys) show on the buttons too.
  on('input', (input) => {
    for (const element of buttonElements[input.name] || []) {
      element.classList.toggle('pressed', input.active);
    }
  });
  on('recordings', showRecordings);
  events.onerror = () => {
    $('connection').textContent = 'disconnected: retrying…';
    $('connection').classList.remove('live');
  };
}

connect();

// --- Camera preview (emulator only) -------------------------------------------------------
// Once a second: the buffer's bytes from /api/camera and the newest keyframe as a JPEG. The next
// still is asked for only after the last one arrived, so a slow machine gets fewer stills rather
// than a queue of them.
function formatBytes(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
async function cameraTick() {
  try {
    const response = await fetch('/api/camera');
    if (!response.ok) {
      return;
    }
    const camera = await response.json();
    $('buffer-bytes').textContent = `(${formatBytes(camera.bytesUsed)} of ${formatBytes(camera.byteCapacity)})`;
    if (!camera.previewReady) {
      $('camera-preview-note').textContent = camera.running ? 'waiting for the first keyframe' : `camera ${camera.camera} not running`;
      return;
    }
    const still = $('camera-still');
    await new Promise((resolve) => {
      const next = new Image();
      next.onload = () => {
        still.src = next.src;
        still.hidden = false;
        $('camera-preview').hidden = true;
        resolve();
      };
      next.onerror = () => {
        $('camera-preview-note').textContent = camera.running ? 'waiting for the first keyframe' : `camera ${camera.camera} not running`;
        resolve();
      };
      next.src = `/api/camera/preview.jpg?t=${Date.now()}`;
    });
  } catch (error) {
    console.warn('camera', error);
  } finally {
    setTimeout(cameraTick, 1000);
  }
}
cameraTick();
