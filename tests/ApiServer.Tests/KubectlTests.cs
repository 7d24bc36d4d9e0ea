using System.Diagnostics;
using k8s;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.ApiServer.Tests;

/// <summary>The real kubectl (installed on the machine image, testing.md) against the embedded API server.</summary>
[Trait("Category", "Kubernetes")]
public sealed class KubectlTests : ApiServerTest, IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("openlocal-kubectl-");

    // No CRDs at start: kubectl apply must register them.
    protected override EmbeddedApiServerOptions Options => new();

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Kubectl_applies_the_crds_creates_an_nls_shows_its_columns_and_round_trips_it_as_yaml()
    {
        var applied = await KubectlAsync("apply", "-f", RepositoryFiles.CrdDirectory);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/nodelocalstorages.csi.aliyun.com created", applied, StringComparison.Ordinal);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/localvolumes.csi.aliyun.com created", applied, StringComparison.Ordinal);

        var manifest = Path.Combine(work.FullName, "nls.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: csi.aliyun.com/v1alpha1
            kind: NodeLocalStorage
            metadata:
              name: node-1
            spec:
              nodeName: node-1
              listConfig:
                vgs:
                  include: ["open-local-pool-[0-9]+"]
              resourceToBeInited:
                vgs:
                - name: open-local-pool-0
                  devices: ["/dev/vdc"]
                mountpoints:
                - {path: /mnt/open-local/disk1, device: /dev/vdd, fsType: ext4}
              spdkConfig: {}
            """);
        // create, not apply: apply records a last-applied annotation that a later kubectl replace would rewrite.
        Assert.Contains("nodelocalstorage.csi.aliyun.com/node-1 created", await KubectlAsync("create", "-f", manifest), StringComparison.Ordinal);

        // The agent's part: a status write through the status subresource.
        var fiveMinutesAgo = DateTime.UtcNow.AddMinutes(-5.5);
        await new ResourceClient<NodeLocalStorage>(Client).UpdateAsync("node-1", nls =>
        {
            nls.Status = new NodeLocalStorageStatus
            {
                NodeStorageInfo = new NodeStorageInfo
                {
                    Phase = "Running",
                    State = new StorageState { Type = "DiskReady", Status = "True", LastHeartbeatTime = fiveMinutesAgo },
                    VolumeGroups = [new VolumeGroupInfo
                    {
                        Name = "open-local-pool-0", PhysicalVolumes = ["/dev/vdc"], Total = 100, Available = 90, Allocatable = 90,
                        LogicalVolumes = [new LogicalVolumeInfo { Name = "local-1", VgName = "open-local-pool-0", Total = 10 }],
                    }],
                },
                FilteredStorageInfo = new FilteredStorageInfo
                {
                    VolumeGroups = ["open-local-pool-0"],
                    UpdateStatusInfo = new UpdateStatusInfo { UpdateStatus = "accepted", LastUpdateTime = fiveMinutesAgo },
                },
            };
            return true;
        }, status: true);

        var table = (await KubectlAsync("get", "nls")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["NAME", "STATE", "PHASE", "AGENTUPDATEAT", "SCHEDULERUPDATEAT", "SCHEDULERUPDATESTATUS"], table[0]);
        Assert.Equal(["node-1", "DiskReady", "Running", "5m", "5m", "accepted"], table[1]);

        var before = (await new ResourceClient<NodeLocalStorage>(Client).GetAsync("node-1"))!;
        var yaml = await KubectlAsync("get", "nls", "node-1", "-o", "yaml");
        Assert.Contains("mountpoints:", yaml, StringComparison.Ordinal);
        Assert.Contains("vgname: open-local-pool-0", yaml, StringComparison.Ordinal);
        var exported = Path.Combine(work.FullName, "exported.yaml");
        await File.WriteAllTextAsync(exported, yaml);
        Assert.Contains("replaced", await KubectlAsync("replace", "-f", exported), StringComparison.Ordinal);
        var after = (await new ResourceClient<NodeLocalStorage>(Client).GetAsync("node-1"))!;
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(KubernetesJson.Serialize(before), KubernetesJson.Serialize(after));

        Assert.Contains("labeled", await KubectlAsync("label", "nls", "node-1", "pool=fast"), StringComparison.Ordinal);
        Assert.Contains("node-1", await KubectlAsync("get", "nls", "-l", "pool=fast", "-o", "name"), StringComparison.Ordinal);
        Assert.Contains("deleted", await KubectlAsync("delete", "nls", "node-1"), StringComparison.Ordinal);
        Assert.Empty((await new ResourceClient<NodeLocalStorage>(Client).ListAsync()).Items);
    }

    [Fact]
    public async Task Kubectl_applies_and_reads_core_kinds()
    {
        var manifest = Path.Combine(work.FullName, "node.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels: {kubernetes.io/hostname: node-1}
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: open-local-lvm
            provisioner: local.csi.aliyun.com
            parameters: {volumeType: LVM}
            """);
        await KubectlAsync("apply", "-f", manifest);
        Assert.Equal("node-1", (await Client.CoreV1.ReadNodeAsync("node-1")).Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Contains("open-local-lvm", await KubectlAsync("get", "storageclasses"), StringComparison.Ordinal);
        Assert.Contains("annotated", await KubectlAsync("annotate", "node", "node-1", "csi.aliyun.com/x=y"), StringComparison.Ordinal);
        Assert.Equal("y", (await Client.CoreV1.ReadNodeAsync("node-1")).Metadata.Annotations["csi.aliyun.com/x"]);
    }

    [Fact]
    public async Task Kubectl_get_prints_the_columns_of_kube_apiserver_for_pv_pvc_pods_sc_and_nodes()
    {
        // The reference is spec/seed-walkthrough.md steps 2-3 (a real cluster's output).
        var manifest = Path.Combine(work.FullName, "kinds.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: open-local-lvm}
            provisioner: local.csi.aliyun.com
            reclaimPolicy: Delete
            volumeBindingMode: WaitForFirstConsumer
            allowVolumeExpansion: true
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: html-nginx-lvm-0, namespace: default}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: open-local-lvm
              resources: {requests: {storage: 5Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: local-52f1}
            spec:
              capacity: {storage: 5Gi}
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Delete
              storageClassName: open-local-lvm
              claimRef: {namespace: default, name: html-nginx-lvm-0}
              csi: {driver: local.csi.aliyun.com, volumeHandle: local-52f1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: nginx-lvm-0, namespace: default}
            spec:
              containers: [{name: nginx, image: nginx}]
            ---
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels: {node-role.kubernetes.io/control-plane: ""}
            """);
        await KubectlAsync("apply", "-f", manifest);
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("{\"spec\":{\"volumeName\":\"local-52f1\"}}", V1Patch.PatchType.MergePatch), "html-nginx-lvm-0", "default");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Bound\",\"accessModes\":[\"ReadWriteOnce\"],\"capacity\":{\"storage\":\"5Gi\"}}}", V1Patch.PatchType.MergePatch), "html-nginx-lvm-0", "default");
        await Client.CoreV1.PatchPersistentVolumeStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Bound\"}}", V1Patch.PatchType.MergePatch), "local-52f1");
        await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"nginx\",\"ready\":true,\"restartCount\":0,\"image\":\"nginx\",\"imageID\":\"\"}]}}", V1Patch.PatchType.MergePatch), "nginx-lvm-0", "default");
        await Client.CoreV1.PatchNodeStatusAsync(new V1Patch("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],\"nodeInfo\":{\"kubeletVersion\":\"v1.32.0\"}}}", V1Patch.PatchType.StrategicMergePatch), "node-1");

        static string[] Cells(string line) => System.Text.RegularExpressions.Regex.Split(line.Trim(), " {2,}");
        async Task<(string[] Header, string[] Row)> Get(string kind)
        {
            var lines = (await KubectlAsync("get", kind)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return (Cells(lines[0]), Cells(lines[1]));
        }

        var pvc = await Get("pvc");
        Assert.Equal(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS"], pvc.Header[..6]);
        Assert.Equal(["html-nginx-lvm-0", "Bound", "local-52f1", "5Gi", "RWO", "open-local-lvm"], pvc.Row[..6]);
        var pv = await Get("pv");
        Assert.Equal(["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS"], pv.Header[..7]);
        Assert.Equal(["local-52f1", "5Gi", "RWO", "Delete", "Bound", "default/html-nginx-lvm-0", "open-local-lvm"], pv.Row[..7]);
        var pods = await Get("pods");
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], pods.Header);
        Assert.Equal(["nginx-lvm-0", "1/1", "Running", "0"], pods.Row[..4]);
        var sc = await Get("sc");
        Assert.Equal(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], sc.Header);
        Assert.Equal(["open-local-lvm", "local.csi.aliyun.com", "Delete", "WaitForFirstConsumer", "true"], sc.Row[..5]);
        var nodes = await Get("nodes");
        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION"], nodes.Header);
        Assert.Equal(["node-1", "Ready", "control-plane"], nodes.Row[..3]);
        Assert.Equal("v1.32.0", nodes.Row[4]);
    }

    [Fact]
    public async Task The_kubectl_verbs_of_a_dev_user_work_imperative_creates_included()
    {
        // kubectl 1.32 sends the typed creates as protobuf (ADR-0061); the rest of the verbs speak JSON.
        Assert.Contains("namespace/team created", await KubectlAsync("create", "namespace", "team"), StringComparison.Ordinal);
        await KubectlAsync("create", "configmap", "settings", "-n", "team", "--from-literal=mode=fast");
        await KubectlAsync("create", "secret", "generic", "token", "-n", "team", "--from-literal=key=s3cret");
        Assert.Equal("fast", (await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "team")).Data["mode"]);
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString((await Client.CoreV1.ReadNamespacedSecretAsync("token", "team")).Data["key"]));

        var manifest = Path.Combine(work.FullName, "pvc.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: team}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: open-local-lvm
              resources: {requests: {storage: 1Gi}}
            """);
        await KubectlAsync("apply", "-f", manifest);
        await KubectlAsync("apply", "-f", manifest);
        await KubectlAsync("label", "pvc", "data", "-n", "team", "tier=gold");
        await KubectlAsync("annotate", "pvc", "data", "-n", "team", "note=x");
        await KubectlAsync("patch", "pvc", "data", "-n", "team", "-p", "{\"metadata\":{\"finalizers\":[\"example.com/keep\"]}}");
        Assert.Contains("condition met", await KubectlAsync("wait", "pvc/data", "-n", "team", "--for=jsonpath={.status.phase}=Pending", "--timeout=20s"), StringComparison.Ordinal);
        var described = await KubectlAsync("describe", "pvc", "data", "-n", "team");
        Assert.Contains("tier=gold", described, StringComparison.Ordinal);
        Assert.Contains("open-local-lvm", await KubectlAsync("get", "pvc", "-n", "team", "-o", "wide"), StringComparison.Ordinal);
        Assert.Contains("example.com/keep", await KubectlAsync("get", "pvc", "data", "-n", "team", "-o", "yaml"), StringComparison.Ordinal);

        await KubectlAsync("patch", "pvc", "data", "-n", "team", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        await KubectlAsync("delete", "-f", manifest);
        await KubectlAsync("delete", "configmap", "settings", "-n", "team");
        Assert.Empty((await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("team")).Items);

        // A kind without a protobuf reader fails loudly, naming the JSON way.
        var refused = await KubectlFailsAsync("create", "deployment", "web", "--image=nginx");
        Assert.Contains("ADR-0061", refused, StringComparison.Ordinal);
    }

    /// <summary>Runs kubectl with an argv (no shell), an empty kubeconfig and its own cache; fails on a non-zero exit.</summary>
    private async Task<string> KubectlAsync(params string[] args)
    {
        var (code, output, error) = await RunKubectlAsync(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {error}{output}");
        return output;
    }

    /// <summary>Runs kubectl expecting a non-zero exit; returns what it printed.</summary>
    private async Task<string> KubectlFailsAsync(params string[] args)
    {
        var (code, output, error) = await RunKubectlAsync(args);
        Assert.NotEqual(0, code);
        return error + output;
    }

    private async Task<(int Code, string Output, string Error)> RunKubectlAsync(string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--server", Server.BaseUri.ToString().TrimEnd('/'), "--cache-dir", Path.Combine(work.FullName, "cache") }.Concat(args))
            start.ArgumentList.Add(arg);
        start.Environment["KUBECONFIG"] = Path.Combine(work.FullName, "kubeconfig");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
