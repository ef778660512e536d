"""政务新媒体: account registry, lifecycle 备案 and post checks (国办发〔2018〕123号)."""
