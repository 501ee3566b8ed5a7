#!/usr/bin/env bash
# Builds the bundled sample media (samples/): three short 640x360 H.264+AAC clips with
# highlight-worthy content (a talking face, a person, a cat, motion with cheering) next to dull
# stretches (black, blurred, frozen), and one generated music track. samples/README.md gives the truth.
# Needs native ffmpeg (libx264, aac) and espeak-ng; images from Debian python3-skimage.
# Usage: bash scripts/make-samples.sh   (a few seconds)
set -euo pipefail
cd "$(dirname "$0")/../samples"

IMG=${SKIMAGE_DATA:-/usr/lib/python3/dist-packages/skimage/data}
for f in astronaut.png camera.png chelsea.png; do
  [[ -f "$IMG/$f" ]] || { echo "missing $IMG/$f (apt-get install -y python3-skimage)" >&2; exit 1; }
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
FF=(ffmpeg -v error -y)
ENC=(-c:v libx264 -preset veryfast -crf 28 -g 50 -pix_fmt yuv420p -c:a aac -b:a 64k -ar 48000 -ac 1 -movflags +faststart)

espeak-ng -v en-us -s 150 -w "$TMP/hello.wav" "Hello and welcome. This is a short demo of the highlight engine."

# people.mp4 (8 s): 0-4 talking face (speech), 4-5 blurred, 5-8 person with a camera, fading out at the end.
"${FF[@]}" \
  -f lavfi -t 5 -i "color=c=0x303848:s=640x360:r=25" -loop 1 -framerate 25 -t 5 -i "$IMG/astronaut.png" \
  -f lavfi -t 3 -i "color=c=0x6a7f3a:s=640x360:r=25" -loop 1 -framerate 25 -t 3 -i "$IMG/camera.png" \
  -i "$TMP/hello.wav" -f lavfi -t 4 -i "anoisesrc=c=pink:a=0.02:r=48000:seed=7" \
  -filter_complex "\
[1]scale=330:330,format=rgba[f];[0][f]overlay=x='150+12*t':y=15,format=yuv420p,setsar=1,split[t0][t1];\
[t0]trim=0:4,setpts=PTS-STARTPTS[talk];[t1]trim=4:5,setpts=PTS-STARTPTS,boxblur=24:2[blur];\
[3]scale=320:320,format=rgba[p];[2][p]overlay=x='40+70*t':y=20,format=yuv420p,setsar=1,fade=t=out:st=2.4:d=0.6[pers];\
[talk][blur][pers]concat=n=3:v=1:a=0,fps=25[v];\
[4]aresample=48000,aformat=channel_layouts=mono,atrim=0:4,apad=whole_dur=4[sp];[5]aformat=channel_layouts=mono[amb];\
[sp][amb]concat=n=2:v=0:a=1[a]" \
  -map "[v]" -map "[a]" "${ENC[@]}" -t 8 people.mp4

# pets.mp4 (8 s): 0-1.5 black, 1.5-5 a cat drifting closer, 5-6.5 frozen, 6.5-8 fractal zoom.
"${FF[@]}" \
  -f lavfi -t 1.5 -i "color=c=black:s=640x360:r=25" \
  -f lavfi -t 3.5 -i "color=c=0x8a6a4a:s=640x360:r=25" -loop 1 -framerate 25 -t 3.5 -i "$IMG/chelsea.png" \
  -f lavfi -t 1.5 -i "mandelbrot=s=640x360:r=25" \
  -f lavfi -t 1.5 -i "anullsrc=r=48000:cl=mono" -f lavfi -t 6.5 -i "anoisesrc=c=brown:a=0.05:r=48000:seed=7" \
  -filter_complex "\
[0]format=yuv420p,setsar=1[blk];\
[2]scale=450:300,format=rgba[c];[1][c]overlay=x='40+25*t':y='50-10*t',format=yuv420p,setsar=1[cat];\
[cat]tpad=stop_mode=clone:stop_duration=1.5[catf];\
[3]format=yuv420p,setsar=1[frac];\
[blk][catf][frac]concat=n=3:v=1:a=0,fps=25[v];\
[4][5]concat=n=2:v=0:a=1,aformat=channel_layouts=mono[a]" \
  -map "[v]" -map "[a]" "${ENC[@]}" -t 8 pets.mp4

# sports.mp4 (8 s): 0-5 a person running across a field with a bouncing ball and cheering,
# 5-6 dissolve, 6-8 a calm fractal zoom.
"${FF[@]}" \
  -f lavfi -t 6 -i "color=c=0x3f8f3f:s=640x360:r=25" -loop 1 -framerate 25 -t 6 -i "$IMG/camera.png" \
  -f lavfi -t 6 -i "color=c=white:s=40x40:r=25" -f lavfi -t 3 -i "mandelbrot=s=640x360:r=25" \
  -f lavfi -t 8 -i "anoisesrc=c=pink:a=0.5:r=48000:seed=7" \
  -filter_complex "\
[2]format=rgba,geq=r=255:g=255:b=255:a='if(lt(hypot(X-20,Y-20),19),255,0)'[ball];\
[1]scale=300:300,format=rgba[p];[0][p]overlay=x='mod(-300+160*t\,940)-300':y=40[r0];\
[r0][ball]overlay=x='600-110*t':y='300-abs(sin(3*t))*220',format=yuv420p,setsar=1[run];\
[3]format=yuv420p,setsar=1[frac];\
[run][frac]xfade=transition=fade:duration=1:offset=5,fps=25[v];\
[4]volume='(0.3+0.7*gt(mod(t\,0.6)\,0.35))*if(lt(t\,5)\,1\,max(0.05\,1-(t-5)/2))':eval=frame,aformat=channel_layouts=mono[a]" \
  -map "[v]" -map "[a]" "${ENC[@]}" -t 8 sports.mp4

# music.m4a (20 s): four chords (C, G, Am, F) of 2.5 s each, twice, with a soft decay on each chord.
CHORD="sin(2*PI*F1*t)+0.8*sin(2*PI*F2*t)+0.6*sin(2*PI*F3*t)"
chord() { local c=$CHORD; c=${c//F1/$1}; c=${c//F2/$2}; c=${c//F3/$3}; echo "$c"; }
EXPR="0.15*(0.4+0.6*exp(-1.5*mod(t\,2.5)))*(\
if(lt(mod(t\,10)\,2.5)\,$(chord 261.63 329.63 392.00)\,\
if(lt(mod(t\,10)\,5)\,$(chord 196.00 246.94 293.66)\,\
if(lt(mod(t\,10)\,7.5)\,$(chord 220.00 261.63 329.63)\,$(chord 174.61 220.00 261.63)))))"
"${FF[@]}" -f lavfi -i "aevalsrc=${EXPR}:s=48000:d=20" -af "afade=t=out:st=18.5:d=1.5" -c:a aac -b:a 64k -ac 1 music.m4a

ls -l people.mp4 pets.mp4 sports.mp4 music.m4a
