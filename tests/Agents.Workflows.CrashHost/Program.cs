Console.WriteLine("crash host: not written yet");
