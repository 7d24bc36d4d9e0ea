using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Vm.Driver;

// The scenario of the real-kernel tier, started once inside the VM by tests/Vm/guest.sh.
var started = Stopwatch.StartNew();
var options = DriverOptions.Parse(args);
var settings = new ScenarioSettings(options.WorkDirectory, VolumeGroup: "open-local-pool-0", NodeName: "vm-node", PhysicalVolumeBytes: 4L << 30);
await using var services = Composition.Build(settings, options);
Console.WriteLine($"driver ready after {started.Elapsed.TotalSeconds:F1} s (process start to composed services)");
var runner = services.GetRequiredService<ScenarioRunner>();
var status = await runner.RunAsync(options.Steps);
Console.WriteLine($"driver finished after {started.Elapsed.TotalSeconds:F1} s");
return status;
