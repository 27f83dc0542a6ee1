//! `runcommand-sim session` answers every line: bytes that are not UTF-8 or not JSON get an
//! error line and the session goes on, and each answer is written before the next line is read.

use std::cell::RefCell;
use std::io::{BufRead, Read, Write};
use std::rc::Rc;

use runcommand_playground::cli::session::{run, run_lines};
use runcommand_playground::sim::session::Session;
use runcommand_playground::sim::world::World;
use serde_json::Value;

const RUN: &str = r#"{"at": "2026-03-01T08:00:00Z", "action": "RunCommand", "request": {"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"]}}"#;
const DESCRIBE: &str = r#"{"at": "2026-03-01T08:00:05Z", "action": "DescribeInvocations", "request": {"RegionId": "cn-hangzhou"}}"#;

fn answers(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).expect("each answer is one JSON line"))
        .collect()
}

#[test]
fn a_line_that_is_not_utf8_gets_an_error_and_the_session_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(RUN.as_bytes());
    input.extend_from_slice(b"\n{\"at\": \"\xff\xfe\"}\n\xc3\n");
    input.extend_from_slice(DESCRIBE.as_bytes());
    input.push(b'\n');
    let mut session = Session::new(World::default_world(), 1);
    let out = answers(&run_lines(&mut session, &input));
    assert_eq!(out.len(), 4);
    assert_eq!(out[0]["HttpStatus"], 200);
    for (answer, line) in out[1..3].iter().zip([2, 3]) {
        assert_eq!(answer["HttpStatus"], 400);
        assert_eq!(answer["Body"]["Code"], "Simulator.MalformedInput");
        let message = answer["Body"]["Message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("line {line}: not UTF-8")),
            "{message}"
        );
    }
    // The invocation made before the bad bytes is still there.
    let invocations = &out[3]["Body"]["Invocations"]["Invocation"];
    assert_eq!(invocations.as_array().map(Vec::len), Some(1));
    assert_eq!(invocations[0]["InvokeId"], out[0]["Body"]["InvokeId"]);
}

#[test]
fn a_line_that_is_not_json_gets_an_error_and_the_next_lines_are_answered() {
    let input = format!("{RUN}\n{{\"at\": \n[1, 2]\r\n{DESCRIBE}\r\n");
    let mut session = Session::new(World::default_world(), 1);
    let out = answers(&run_lines(&mut session, input.as_bytes()));
    let codes: Vec<_> = out.iter().map(|a| a["HttpStatus"].clone()).collect();
    assert_eq!(codes, [200, 400, 400, 200]);
    assert!(out[1]["Body"]["Message"]
        .as_str()
        .is_some_and(|m| m.starts_with("line 2: not JSON")));
}

/// Input that hands out one line per read and records how many answers had been written by
/// then.
struct LineByLine {
    lines: Vec<Vec<u8>>,
    next: usize,
    written: Rc<RefCell<Vec<u8>>>,
    answers_seen_before_each_line: Vec<usize>,
}

impl Read for LineByLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let data = self.fill_buf()?.to_vec();
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for LineByLine {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(self.lines.get(self.next).map_or(&[][..], |l| l.as_slice()))
    }

    fn consume(&mut self, amt: usize) {
        if amt == 0 {
            return;
        }
        let answers = self
            .written
            .borrow()
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.answers_seen_before_each_line.push(answers);
        self.next += 1;
    }
}

/// Output whose bytes count only once flushed.
struct Flushed {
    pending: Vec<u8>,
    written: Rc<RefCell<Vec<u8>>>,
}

impl Write for Flushed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.written.borrow_mut().append(&mut self.pending);
        Ok(())
    }
}

#[test]
fn each_answer_is_flushed_before_the_next_line_is_read() {
    let written = Rc::new(RefCell::new(Vec::new()));
    let mut input = LineByLine {
        lines: vec![
            format!("{RUN}\n").into_bytes(),
            b"\xff\n".to_vec(),
            format!("{DESCRIBE}\n").into_bytes(),
        ],
        next: 0,
        written: Rc::clone(&written),
        answers_seen_before_each_line: Vec::new(),
    };
    let mut output = Flushed {
        pending: Vec::new(),
        written: Rc::clone(&written),
    };
    let code = run(&[], &mut input, &mut output, &mut Vec::new());
    assert_eq!(code, 0);
    assert_eq!(input.answers_seen_before_each_line, [0, 1, 2]);
    assert_eq!(
        answers(&String::from_utf8_lossy(&written.borrow())).len(),
        3
    );
}
