using System.Text;
using FluentValidation;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes;

/// <summary>
/// The one shape rule for CSI volume and snapshot ids in requests: 1..<see cref="LocalVolume.MaxIdBytes"/>
/// UTF-8 bytes (csi.md §3; crds.md §5 <c>spec.volumeId</c>). A longer id can never have been
/// created, so RPCs that need the volume answer InvalidArgument, while DeleteVolume and
/// DeleteSnapshot, which need nothing, answer OK for it as for any unknown id (issue 19 item 3).
/// </summary>
public static class VolumeIdRule
{
    public static IRuleBuilderOptions<T, string> MustBeAnId<T>(this IRuleBuilder<T, string> rule, string field)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule
            .NotEmpty().WithMessage($"{field} must not be empty")
            .Must(id => id is null || Encoding.UTF8.GetByteCount(id) <= LocalVolume.MaxIdBytes)
            .WithMessage(c => $"{field} must be at most {LocalVolume.MaxIdBytes} bytes");
    }
}
