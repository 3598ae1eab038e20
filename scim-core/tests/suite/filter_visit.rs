//! Walking filters with a `Visitor`: order of calls, results passed up,
//! errors stopping the walk.

use scim_core::Filter;
use scim_core::filter::{AttrPath, Comparison, ValuePath, Visitor};

/// Prints each node in prefix form, and logs the calls in order.
#[derive(Default)]
struct Prefix {
    log: Vec<String>,
    /// Fail on a comparison with this attribute name.
    fail_on: Option<&'static str>,
}

impl Visitor for Prefix {
    type Output = String;
    type Error = String;

    fn compare(&mut self, c: &Comparison) -> Result<String, String> {
        self.log.push(format!("compare {}", c.path));
        if self.fail_on.is_some_and(|n| c.path.name() == n) {
            return Err(format!("no column for {}", c.path));
        }
        Ok(format!("({} {} {})", c.op, c.path, c.value))
    }
    fn present(&mut self, path: &AttrPath) -> Result<String, String> {
        self.log.push(format!("present {path}"));
        Ok(format!("(pr {path})"))
    }
    fn not(&mut self, inner: String) -> Result<String, String> {
        self.log.push("not".into());
        Ok(format!("(not {inner})"))
    }
    fn and(&mut self, operands: Vec<String>) -> Result<String, String> {
        self.log.push(format!("and/{}", operands.len()));
        Ok(format!("(and {})", operands.join(" ")))
    }
    fn or(&mut self, operands: Vec<String>) -> Result<String, String> {
        self.log.push(format!("or/{}", operands.len()));
        Ok(format!("(or {})", operands.join(" ")))
    }
    fn enter_value_path(&mut self, vp: &ValuePath) -> Result<(), String> {
        self.log.push(format!("enter {}", vp.path));
        Ok(())
    }
    fn value_path(&mut self, vp: &ValuePath, inner: String) -> Result<String, String> {
        self.log.push(format!("leave {}", vp.path));
        Ok(format!("({}[] {inner})", vp.path))
    }
}

#[test]
fn folds_from_the_leaves_up() {
    let f = Filter::parse(
        r#"userName eq "b" and (title pr or not (emails[type eq "work" and value co "x"]))"#,
    )
    .unwrap();
    let mut v = Prefix::default();
    let out = f.visit(&mut v).unwrap();
    assert_eq!(
        out,
        r#"(and (eq userName "b") (or (pr title) (not (emails[] (and (eq type "work") (co value "x"))))))"#
    );
    assert_eq!(
        v.log,
        [
            "compare userName",
            "present title",
            "enter emails",
            "compare type",
            "compare value",
            "and/2",
            "leave emails",
            "not",
            "or/2",
            "and/2",
        ]
    );
}

#[test]
fn first_error_stops_the_walk() {
    let f = Filter::parse(r#"a pr or b eq 1 or c eq 2"#).unwrap();
    let mut v = Prefix {
        fail_on: Some("b"),
        ..Prefix::default()
    };
    assert_eq!(f.visit(&mut v), Err("no column for b".to_owned()));
    assert_eq!(v.log, ["present a", "compare b"]);
}
