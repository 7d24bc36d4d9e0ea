// These tests exercise Linux kernel interfaces (sysfs, mountinfo, cgroups, loop devices).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
