fn main() {
    let (mut a, mut b, mut c) = (0, 0, 0);
    for p in runcommand_playground::presets::all() {
        let json = serde_json::to_string(&p.request).unwrap();
        let old = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9).len();
        let new = runcommand_playground::sim::deflate::deflate(json.as_bytes()).len();
        println!(
            "{:>24} json {:>5} miniz9 {:>4} ours {:>4} ({:+.1}%)",
            p.id,
            json.len(),
            old,
            new,
            (new as f64 / old as f64 - 1.0) * 100.0
        );
        a += json.len();
        b += old;
        c += new;
    }
    println!(
        "total json {a} miniz9 {b} ours {c} ({:+.1}%)",
        (c as f64 / b as f64 - 1.0) * 100.0
    );
}
