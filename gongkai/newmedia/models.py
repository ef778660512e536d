"""Models of newmedia."""
