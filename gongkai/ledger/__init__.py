"""工作台账: each year's 政务公开工作要点 parsed into tracked tasks."""
