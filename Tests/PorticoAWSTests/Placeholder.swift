// PorticoAWSTests: placeholder until its first real test lands.
