"""Running renders: chunking, executors, the render pipeline."""
