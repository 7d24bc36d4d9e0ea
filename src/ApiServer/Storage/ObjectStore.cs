using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The embedded API server's state: every object of every resource, one global revision counter (etcd's), a bounded
/// history of changes for watches that resume from a resourceVersion, and the fan-out to open watches (ADR-0021).
/// Kind-independent: the semantics come from <see cref="ResourceType"/> (scope, status subresource) and metadata
/// (finalizers, deletionTimestamp). One lock; every mutation and every event delivery happens under it, so events
/// reach each watch in revision order.
/// </summary>
public sealed class ObjectStore(ObjectStoreOptions? options = null)
{
    private sealed record Change(string StorageKey, string Type, JsonObject? Previous, StoredObject Current, long Revision);

    private readonly ObjectStoreOptions options = options ?? new ObjectStoreOptions();
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> objects = new(StringComparer.Ordinal);
    private readonly Queue<Change> history = new();
    private readonly List<WatchSubscription> watches = [];
    private readonly Dictionary<string, ResourceType> typesByKey = new(StringComparer.Ordinal);
    private long revision;
    private long compactedRevision;

    /// <summary>Runs under the store lock before an object is committed; may adjust it (e.g. a CRD's status) or throw.</summary>
    public Func<ResourceType, JsonObject, JsonObject>? Admit { get; set; }

    /// <summary>Runs under the store lock after a commit: (type, object, deleted).</summary>
    public Action<ResourceType, JsonObject, bool>? Committed { get; set; }

    public long Revision
    {
        get
        {
            lock (gate)
                return revision;
        }
    }

    public StoredObject Get(ResourceType type, string? ns, string name)
    {
        lock (gate)
            return Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
    }

    public (IReadOnlyList<StoredObject> Items, long Revision) List(WatchFilter filter)
    {
        lock (gate)
            return (Bucket(filter.Type).Values.Where(o => filter.Matches(o.Node)).ToArray(), revision);
    }

    public StoredObject Create(ResourceType type, string? ns, JsonObject input, bool strictFields = false)
    {
        lock (gate)
        {
            var obj = input.DeepClone().AsObject();
            var meta = Metadata(obj);
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                var prefix = meta["generateName"]?.GetValue<string>();
                if (string.IsNullOrEmpty(prefix))
                    throw ApiException.Invalid($"{type.Kind}: metadata.name or metadata.generateName is required");
                do
                    name = prefix + RandomSuffix();
                while (Find(type, ns, name) is not null);
                meta["name"] = name;
            }
            SetScope(type, meta, ns);
            // NamespaceLifecycle admission: nothing is created in a namespace that does not exist.
            if (type.Namespaced && Find(ResourceTable.Namespaces, null, ns!) is null)
                throw ApiException.NotFound(ResourceTable.Namespaces, ns!);
            obj["apiVersion"] = type.GroupVersion;
            obj["kind"] = type.Kind;
            // A status subresource makes status server/controller-owned: create ignores it, like kube-apiserver.
            if (type.HasStatus)
                obj.Remove("status");
            BuiltInAdmission.Default(type, obj, creating: true);
            ThrowIfInvalid(type, name, ObjectMetaValidation.Validate(type, obj).Concat(SchemaErrors(type, obj, strictFields)));
            if (Find(type, ns, name) is not null)
                throw ApiException.AlreadyExists(type, name);
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Timestamp(DateTime.UtcNow);
            meta["generation"] = 1L;
            meta.Remove("deletionTimestamp");
            meta.Remove("deletionGracePeriodSeconds");
            meta.Remove("resourceVersion");
            return Commit(type, "ADDED", null, obj);
        }
    }

    /// <summary>PUT semantics: a stale <c>metadata.resourceVersion</c> is a 409; an empty one updates unconditionally.</summary>
    public StoredObject Update(ResourceType type, string? ns, string name, JsonObject input, bool statusOnly, bool strictFields = false)
    {
        lock (gate)
            return UpdateLocked(type, ns, name, input, statusOnly, strictFields);
    }

    /// <summary>Applies <paramref name="patch"/> to the current object under the lock, then updates like PUT.</summary>
    public StoredObject Patch(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> patch, bool statusOnly, bool strictFields = false)
    {
        lock (gate)
        {
            var current = Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
            return UpdateLocked(type, ns, name, patch(current.Node), statusOnly, strictFields);
        }
    }

    /// <summary>
    /// Deletes, or with finalizers pending marks the object with deletionTimestamp (returned either way). Once it is
    /// gone its dependents are collected unless <paramref name="orphanDependents"/> (see <see cref="CollectDependents"/>).
    /// </summary>
    public StoredObject Delete(ResourceType type, string? ns, string name, string? expectedUid = null, bool orphanDependents = false)
    {
        lock (gate)
            return DeleteLocked(type, ns, name, expectedUid, orphanDependents);
    }

    private StoredObject DeleteLocked(ResourceType type, string? ns, string name, string? expectedUid, bool orphanDependents)
    {
        var current = Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
        if (expectedUid is not null && expectedUid != current.Node["metadata"]?["uid"]?.GetValue<string>())
            throw ApiException.Conflict(type, name);
        if (current.Node["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            if (current.Node["metadata"]?["deletionTimestamp"] is not null)
                return current;
            var marked = current.Node.DeepClone().AsObject();
            Metadata(marked)["deletionTimestamp"] = Timestamp(DateTime.UtcNow);
            Metadata(marked)["deletionGracePeriodSeconds"] = 0;
            return Commit(type, "MODIFIED", current.Node, marked);
        }
        return Remove(type, current.Node, current.Node, collect: !orphanDependents);
    }

    /// <summary>
    /// The garbage collector's part, done synchronously (ADR-0062): every object whose ownerReferences name the
    /// removed object's uid is deleted (with its own finalizers honoured and its own dependents after it), or, when it
    /// has other owners too, loses that reference; removing a Namespace deletes what is in it. Foreground and
    /// background deletion end in the same state here; only the order of the watch events differs.
    /// </summary>
    private void CollectDependents(ResourceType ownerType, JsonObject owner)
    {
        var uid = owner["metadata"]?["uid"]?.GetValue<string>();
        var namespaceName = ownerType == ResourceTable.Namespaces ? owner["metadata"]?["name"]?.GetValue<string>() : null;
        foreach (var (key, bucket) in objects.ToArray())
        {
            var type = typesByKey[key];
            foreach (var o in bucket.Values.ToArray())
            {
                var meta = o.Node["metadata"]!;
                var ns = meta["namespace"]?.GetValue<string>();
                var name = meta["name"]!.GetValue<string>();
                var references = meta["ownerReferences"] as JsonArray ?? [];
                var owned = uid is not null && references.Any(r => r?["uid"]?.GetValue<string>() == uid);
                var inNamespace = namespaceName is not null && type.Namespaced && ns == namespaceName;
                if ((!owned && !inNamespace) || Find(type, ns, name) is not { } still)
                    continue;
                if (owned && !inNamespace && references.Count > 1)
                {
                    var kept = still.Node.DeepClone().AsObject();
                    var refs = Metadata(kept)["ownerReferences"]!.AsArray();
                    foreach (var dead in refs.Where(r => r?["uid"]?.GetValue<string>() == uid).ToArray())
                        refs.Remove(dead);
                    Commit(type, "MODIFIED", still.Node, kept);
                    continue;
                }
                DeleteLocked(type, ns, name, null, orphanDependents: false);
            }
        }
    }

    public WatchSubscription Watch(WatchFilter filter, long? fromRevision)
    {
        lock (gate)
        {
            var subscription = new WatchSubscription(this, filter);
            if (fromRevision is null)
            {
                // No resourceVersion: start with the current state as synthetic ADDED events (kube-apiserver semantics).
                foreach (var o in Bucket(filter.Type).Values.Where(o => filter.Matches(o.Node)))
                    subscription.Write(new WatchEvent("ADDED", o));
            }
            else
            {
                if (fromRevision < compactedRevision)
                    throw ApiException.Gone(fromRevision.Value, compactedRevision);
                foreach (var change in history.Where(c => c.Revision > fromRevision && c.StorageKey == filter.Type.StorageKey))
                    Deliver(subscription, change);
            }
            watches.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Test hook: closes every open watch as if the connection broke.</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            foreach (var w in watches)
                w.Complete(new WatchDroppedException());
            watches.Clear();
        }
    }

    /// <summary>Test hook: forgets all history, so a watch from any earlier resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedRevision = revision;
        }
    }

    internal void Bookmark(WatchSubscription subscription)
    {
        lock (gate)
        {
            var type = subscription.Filter.Type;
            var marker = new JsonObject
            {
                ["kind"] = type.Kind,
                ["apiVersion"] = type.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(revision) },
            };
            subscription.Write(new WatchEvent("BOOKMARK", new StoredObject(marker)));
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (gate)
        {
            watches.Remove(subscription);
            subscription.Complete();
        }
    }

    /// <summary>Removes every object of a resource (its CRD was deleted).</summary>
    public void Purge(ResourceType type)
    {
        lock (gate)
        {
            foreach (var o in Bucket(type).Values.ToArray())
                Remove(type, o.Node, o.Node);
        }
    }

    private StoredObject UpdateLocked(ResourceType type, string? ns, string name, JsonObject input, bool statusOnly, bool strictFields)
    {
        var current = Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
        var expected = input["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(expected) && expected != Rv(current.Revision))
            throw ApiException.Conflict(type, name);
        if (input["metadata"]?["name"]?.GetValue<string>() is { Length: > 0 } bodyName && bodyName != name)
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");

        var old = current.Node;
        JsonObject next;
        if (statusOnly)
        {
            // The status subresource changes status only (kube-apiserver ignores spec and metadata there).
            next = old.DeepClone().AsObject();
            next.Remove("status");
            if (input["status"] is { } status)
                next["status"] = status.DeepClone();
        }
        else
        {
            next = input.DeepClone().AsObject();
            if (type.HasStatus)
            {
                next.Remove("status");
                if (old["status"] is { } status)
                    next["status"] = status.DeepClone();
            }
            var meta = Metadata(next);
            var oldMeta = old["metadata"]!.AsObject();
            foreach (var field in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name" })
            {
                meta.Remove(field);
                if (oldMeta[field] is { } value)
                    meta[field] = value.DeepClone();
            }
            next["apiVersion"] = old["apiVersion"]?.DeepClone();
            next["kind"] = old["kind"]?.DeepClone();
        }
        Metadata(next)["resourceVersion"] = Rv(current.Revision);
        BuiltInAdmission.Default(type, next, creating: false);
        ThrowIfInvalid(type, name, ObjectMetaValidation.Validate(type, next).Concat(BuiltInAdmission.ValidateUpdate(type, next, old)).Concat(SchemaErrors(type, next, strictFields)));

        if (JsonNode.DeepEquals(next, old))
            return current;
        if (!JsonNode.DeepEquals(Content(next), Content(old)))
            Metadata(next)["generation"] = (old["metadata"]?["generation"] is { } generation ? long.Parse(generation.ToJsonString(), CultureInfo.InvariantCulture) : 0) + 1;

        // The last finalizer removed from an object being deleted completes the deletion.
        if (next["metadata"]?["deletionTimestamp"] is not null && next["metadata"]?["finalizers"] is not JsonArray { Count: > 0 })
            return Remove(type, old, next);
        return Commit(type, "MODIFIED", old, next);
    }

    private StoredObject Remove(ResourceType type, JsonObject previous, JsonObject finalState, bool collect = true)
    {
        var gone = finalState.DeepClone().AsObject();
        var meta = Metadata(gone);
        Bucket(type).Remove(type.ObjectKey(meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>()));
        meta["resourceVersion"] = Rv(++revision);
        var stored = new StoredObject(gone);
        Record(new Change(type.StorageKey, "DELETED", previous, stored, revision));
        Committed?.Invoke(type, gone, true);
        if (collect)
            CollectDependents(type, gone);
        return stored;
    }

    private StoredObject Commit(ResourceType type, string eventType, JsonObject? previous, JsonObject next)
    {
        if (Admit is not null)
            next = Admit(type, next);
        var meta = Metadata(next);
        meta["resourceVersion"] = Rv(++revision);
        var stored = new StoredObject(next);
        Bucket(type)[type.ObjectKey(meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>())] = stored;
        Record(new Change(type.StorageKey, eventType, previous, stored, revision));
        Committed?.Invoke(type, next, false);
        return stored;
    }

    private void Record(Change change)
    {
        history.Enqueue(change);
        while (history.Count > options.HistoryLimit)
            compactedRevision = history.Dequeue().Revision;
        foreach (var w in watches)
        {
            if (w.Filter.Type.StorageKey == change.StorageKey)
                Deliver(w, change);
        }
    }

    /// <summary>Translates a change for one watch: leaving its selection is DELETED, entering it is ADDED.</summary>
    private static void Deliver(WatchSubscription w, Change change)
    {
        var wasIn = change.Previous is not null && w.Filter.Matches(change.Previous);
        var isIn = w.Filter.Matches(change.Current.Node);
        var type = change.Type switch
        {
            "DELETED" => wasIn ? "DELETED" : null,
            _ when wasIn && isIn => "MODIFIED",
            _ when isIn => "ADDED",
            _ when wasIn => "DELETED",
            _ => null,
        };
        if (type is not null)
            w.Write(new WatchEvent(type, change.Current));
    }

    private StoredObject? Find(ResourceType type, string? ns, string name) =>
        Bucket(type).GetValueOrDefault(type.ObjectKey(ns, name));

    private SortedDictionary<string, StoredObject> Bucket(ResourceType type)
    {
        if (!objects.TryGetValue(type.StorageKey, out var bucket))
        {
            objects[type.StorageKey] = bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            typesByKey[type.StorageKey] = type;
        }
        return bucket;
    }

    /// <summary>
    /// A custom resource is defaulted and pruned in place by its version's schema; the violations are returned.
    /// With <c>fieldValidation=Strict</c> (kubectl's default) an undeclared field is a 400 instead of being pruned.
    /// </summary>
    private static IReadOnlyList<FieldError> SchemaErrors(ResourceType type, JsonObject obj, bool strictFields)
    {
        if (type.Schema is not { } schema)
            return [];
        var pruned = new List<string>();
        var errors = StructuralSchema.Apply(schema, obj, pruned);
        if (strictFields && pruned.Count > 0)
            throw ApiException.BadRequest($"strict decoding error: {string.Join(", ", pruned.Select(p => $"unknown field \"{p}\""))}");
        return errors;
    }

    private static void ThrowIfInvalid(ResourceType type, string name, IEnumerable<FieldError> errors)
    {
        var causes = errors.ToList();
        if (causes.Count > 0)
            throw ApiException.Invalid(type, name, causes);
    }

    private static void SetScope(ResourceType type, JsonObject meta, string? ns)
    {
        if (!type.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }
        var bodyNs = meta["namespace"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            throw ApiException.BadRequest($"the namespace of the provided object ({bodyNs}) does not match the namespace sent on the request ({ns})");
        meta["namespace"] = ns;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
            return meta;
        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    /// <summary>Everything but metadata and status: a change here is a spec change and bumps generation.</summary>
    private static JsonObject Content(JsonObject obj)
    {
        var content = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("metadata" or "status" or "apiVersion" or "kind"))
                content[key] = value?.DeepClone();
        }
        return content;
    }

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}

public sealed class ObjectStoreOptions
{
    /// <summary>How many changes are kept for watches that resume from a resourceVersion; older ones get 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 10_000;
}
