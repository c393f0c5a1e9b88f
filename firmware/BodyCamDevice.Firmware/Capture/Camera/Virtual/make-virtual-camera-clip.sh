#!/usr/bin/env bash
# Remakes virtual-camera.ts, the clip VirtualCameraSource replays (run from anywhere; needs ffmpeg
# and fonts-dejavu-core). It is the device's own test scene (SyncTestSignal: testsrc2 with a white
# flash in its top-right quarter and a 1 kHz tone for 100 ms at every whole second) under the
# device's watermark layout (WatermarkFilter), encoded as the camera encodes (EncoderArguments:
# libx264 with SPS/PPS on every IDR, an IDR every second, one AAC frame per PES, MPEG-TS), but
# small: 320x180 at 15 fps, ~40 kbit/s video and 16 kbit/s mono AAC at 32 kHz, so that two hours
# of recording stay well under 100 MB. 4 s long: four GOPs, and exactly 125 AAC frames (1024
# samples at 32 kHz), so video and audio loop together; it is encoded a little longer and
# VirtualCameraClip keeps the first four seconds.
# The watermark's first line says VIRTUAL CAMERA where the device prints the UTC time: the clip is
# made once, and a fixed time in it would be a false one.
set -euo pipefail
cd "$(dirname "$0")"
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
line() { # text, y
  echo "drawtext=fontfile=$font:fontsize=max(12\\,h/27):fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=3:x=lh/2:y=$2:text=$1"
}
pulse='lt(mod(t\,1)\,0.1)'
video="testsrc2=size=320x180:rate=15,drawbox=x=iw*3/4:y=0:w=iw/4:h=ih/4:color=white:t=fill:enable='$pulse'"
audio="aevalsrc=exprs='if($pulse\,0.5*sin(2*PI*1000*t)\,0)':s=32000"
watermark="$(line 'VIRTUAL CAMERA' 'h-2*lh-16'),$(line 'SN VIRTUAL  ID VIRTUAL' 'h-lh-8')"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "$video" -f lavfi -i "$audio" -t 4.2 \
  -map 0:v:0 -map 1:a:0 -vf "$watermark" \
  -c:v libx264 -preset veryslow -tune zerolatency -pix_fmt yuv420p -b:v 40k -maxrate 40k -bufsize 40k \
  -g 15 -keyint_min 15 -sc_threshold 0 -force_key_frames 'expr:gte(t,n_forced*1)' -x264-params repeat-headers=1 \
  -c:a aac -b:a 16k -ar 32000 -ac 1 \
  -muxdelay 0 -pes_payload_size 0 -f mpegts virtual-camera.ts
echo "virtual-camera.ts: $(stat -c %s virtual-camera.ts) bytes"
