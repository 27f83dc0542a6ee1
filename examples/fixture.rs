use std::time::Instant;
fn main() {
    let world = runcommand_playground::sim::world::DEFAULT_WORLD_JSON;
    let mut inputs: Vec<(String, Vec<u8>)> =
        vec![("default world".into(), world.as_bytes().to_vec())];
    for p in runcommand_playground::presets::all().into_iter().take(3) {
        inputs.push((p.id.into(), serde_json::to_vec(&p.request).unwrap()));
    }
    let big: String = (0..100).map(|i| format!("{{\"instanceId\":\"i-bp1a{i:014}\",\"name\":\"web-{i}\",\"status\":\"Running\",\"os\":\"linux\",\"agentVersion\":\"2.2.3.344\",\"tags\":[{{\"Key\":\"env\",\"Value\":\"prod\"}}]}},")).collect();
    inputs.push(("100 instances".into(), big.into_bytes()));
    for (name, data) in &inputs {
        let n = 200;
        let t = Instant::now();
        let mut ours = 0;
        for _ in 0..n {
            ours = runcommand_playground::sim::deflate::deflate(data).len();
        }
        let t_ours = t.elapsed() / n;
        let t = Instant::now();
        let mut theirs = 0;
        for _ in 0..n {
            theirs = miniz_oxide::deflate::compress_to_vec(data, 9).len();
        }
        let t_theirs = t.elapsed() / n;
        println!(
            "{name:>16}: {} bytes; ours {ours} in {t_ours:?}; miniz9 {theirs} in {t_theirs:?}",
            data.len()
        );
    }
}
