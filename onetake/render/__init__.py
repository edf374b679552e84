"""The two renderers: video.frame(timeline, n) and audio.samples(timeline, s0, s1), both pure."""
