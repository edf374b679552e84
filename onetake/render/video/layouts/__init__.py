"""One module per layout; each turns (SceneContext, t) into paint ops (see ..scene.Op)."""

from . import app, bullets, chart, end, image, title

LAYOUTS = {"title": title.ops, "bullets": bullets.ops, "image": image.ops, "app": app.ops,
           "chart": chart.ops, "end": end.ops}
