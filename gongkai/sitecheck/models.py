"""Models of sitecheck."""
