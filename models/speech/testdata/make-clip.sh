#!/bin/sh
# Builds the VAD test clip (16 kHz mono s16 WAV): 1 s silence, espeak-ng speech, 1 s silence, 1.5 s 440 Hz sine.
# Speech runs from 1.0 s to 1.0 s + the espeak duration (printed by ffprobe below); rerun only to change the clip.
set -e
cd "$(dirname "$0")"
espeak-ng -v en-us -s 150 -w /tmp/vad-speech.wav "The quick brown fox jumps over the lazy dog. One two three."
ffmpeg -v error -y \
  -f lavfi -t 1 -i "anullsrc=r=16000:cl=mono" \
  -i /tmp/vad-speech.wav \
  -f lavfi -t 1 -i "anullsrc=r=16000:cl=mono" \
  -f lavfi -t 1.5 -i "sine=f=440:r=16000" \
  -filter_complex "[1]aresample=16000,aformat=channel_layouts=mono[s];[0][s][2][3]concat=n=4:v=0:a=1,aformat=sample_fmts=s16:channel_layouts=mono[a]" \
  -map "[a]" -ar 16000 -c:a pcm_s16le speech-16k.wav
ffprobe -v error -show_entries format=duration -of csv=p=0 /tmp/vad-speech.wav
rm /tmp/vad-speech.wav
