print("portico-server: not yet implemented")
