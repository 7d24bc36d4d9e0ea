namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>The API group and version of every OpenLocal custom resource (spec/crds.md, first paragraph).</summary>
public static class CsiAliyunGroup
{
    public const string Name = "csi.aliyun.com";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;
}
