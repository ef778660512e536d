"""政府网站检查: probes and weekly reports against 国办秘函〔2019〕19号 检查指标."""
