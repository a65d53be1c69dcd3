// Paddle.NET detection service: multiclass_nms and roi_align over HTTP. See README.md here.
//   dotnet run --project samples/DetectionService -c Release -- --urls http://127.0.0.1:5080
//   curl -s localhost:5080/health
//   curl -s localhost:5080/nms -H 'Content-Type: application/json' -d '{"bboxes": [[[0,0,10,10],[1,1,11,11]]],
//        "scores": [[[0.9,0.8],[0.3,0.7]]], "score_threshold": 0.05, "nms_top_k": 100, "keep_top_k": 10}'
using DetectionService;

WebApplication app;
try
{
    app = DetectionServiceApp.Build(args);
}
catch (ServiceStartupException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
app.Run();
return 0;
