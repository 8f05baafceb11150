using Dapr.DurableTask.Protobuf;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;

namespace Agents.Workflows.Backend;

/// <summary>
/// Binds every <c>TaskHubSidecarService</c> method to <see cref="TaskHubService"/> through Grpc.AspNetCore's
/// method-provider hook, the way generated service bases do, but with methods built from the public descriptor.
/// </summary>
internal sealed class TaskHubMethodProvider : IServiceMethodProvider<TaskHubService>
{
    /// <summary>The method names bound here; a test compares them with the descriptor.</summary>
    public static IReadOnlyList<string> BoundMethodNames { get; } =
    [
        "Hello", "StartInstance", "GetInstance", "WaitForInstanceStart", "WaitForInstanceCompletion", "RaiseEvent",
        "TerminateInstance", "SuspendInstance", "ResumeInstance", "PurgeInstances", "GetWorkItems",
        "CompleteActivityTask", "CompleteOrchestratorTask", "CompleteWorkflowTask", "RerunWorkflowFromEvent",
        "ListInstanceIDs", "GetInstanceHistory",
    ];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TaskHubService> context)
    {
        Unary<Empty, Empty>(context, "Hello", (s, r, c) => s.Hello(r, c));
        Unary<CreateInstanceRequest, CreateInstanceResponse>(context, "StartInstance", (s, r, c) => s.StartInstance(r, c));
        Unary<GetInstanceRequest, GetInstanceResponse>(context, "GetInstance", (s, r, c) => s.GetInstance(r, c));
        Unary<GetInstanceRequest, GetInstanceResponse>(context, "WaitForInstanceStart", (s, r, c) => s.WaitForInstanceStart(r, c));
        Unary<GetInstanceRequest, GetInstanceResponse>(context, "WaitForInstanceCompletion", (s, r, c) => s.WaitForInstanceCompletion(r, c));
        Unary<RaiseEventRequest, RaiseEventResponse>(context, "RaiseEvent", (s, r, c) => s.RaiseEvent(r, c));
        Unary<TerminateRequest, TerminateResponse>(context, "TerminateInstance", (s, r, c) => s.TerminateInstance(r, c));
        Unary<SuspendRequest, SuspendResponse>(context, "SuspendInstance", (s, r, c) => s.SuspendInstance(r, c));
        Unary<ResumeRequest, ResumeResponse>(context, "ResumeInstance", (s, r, c) => s.ResumeInstance(r, c));
        Unary<PurgeInstancesRequest, PurgeInstancesResponse>(context, "PurgeInstances", (s, r, c) => s.PurgeInstances(r, c));
        context.AddServerStreamingMethod(TaskHubMethods.ServerStreaming<GetWorkItemsRequest, WorkItem>("GetWorkItems"), [],
            (s, r, w, c) => s.GetWorkItems(r, w, c));
        Unary<ActivityResponse, CompleteTaskResponse>(context, "CompleteActivityTask", (s, r, c) => s.CompleteActivityTask(r, c));
        Unary<WorkflowResponse, CompleteTaskResponse>(context, "CompleteOrchestratorTask", (s, r, c) => s.CompleteOrchestratorTask(r, c));
        Unary<WorkflowResponse, CompleteTaskResponse>(context, "CompleteWorkflowTask", (s, r, c) => s.CompleteWorkflowTask(r, c));
        Unary<RerunWorkflowFromEventRequest, RerunWorkflowFromEventResponse>(context, "RerunWorkflowFromEvent", (s, r, c) => s.RerunWorkflowFromEvent(r, c));
        Unary<ListInstanceIDsRequest, ListInstanceIDsResponse>(context, "ListInstanceIDs", (s, r, c) => s.ListInstanceIDs(r, c));
        Unary<GetInstanceHistoryRequest, GetInstanceHistoryResponse>(context, "GetInstanceHistory", (s, r, c) => s.GetInstanceHistory(r, c));
    }

    private static void Unary<TRequest, TResponse>(ServiceMethodProviderContext<TaskHubService> context, string name,
        Grpc.AspNetCore.Server.Model.UnaryServerMethod<TaskHubService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddUnaryMethod(TaskHubMethods.Unary<TRequest, TResponse>(name), [], handler);
}
