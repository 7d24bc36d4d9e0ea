using Mediator;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.GetVolume;

/// <summary>One volume record by id; NotFound when unknown (ValidateVolumeCapabilities, ControllerGetVolume).</summary>
public sealed record GetVolumeQuery(string VolumeId) : IQuery<LocalVolume>;
