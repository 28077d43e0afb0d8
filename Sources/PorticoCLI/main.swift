print("portico: not yet implemented")
