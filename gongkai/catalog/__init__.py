"""基层政务公开标准目录: the standard disclosure catalogue and its completeness check."""
