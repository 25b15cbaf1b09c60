//! A clinic session template: 12 patients with exponential consultations of 15 minutes on a
//! grid of 5-minute slots over 3 hours, 10 % no-shows. The template where everyone is booked
//! at the start and the classic individual rule are evaluated exactly, then the optimal
//! template is found (and certified optimal, as the model allows).
//!
//! Run with `cargo run --release --example clinic_template`.

use rotaflow::appointments::{
    evaluate_template, optimize, ClassicRule, Method, Schedule, SearchOptions, ServiceDistribution,
    SessionModel, Weights,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let model = SessionModel::new(36, 5, 12, ServiceDistribution::Exponential { mean: 15.0 })
        .with_no_show(0.1)
        .with_weights(Weights::new(1.0, 1.0, 1.5));
    let show = |name: &str, s: &Schedule| -> Result<(), Box<dyn std::error::Error>> {
        let e = evaluate_template(&model, s, Method::Exact)?;
        println!(
            "{name:<22} {s}  wait {:5.1} min  idle {:5.1} min  overtime {:5.1} min  objective {:6.1}",
            e.wait, e.idle, e.overtime, e.objective
        );
        Ok(())
    };
    let bunched = Schedule::all_in_first_slot(model.slots, model.patients);
    show("everyone at the start", &bunched)?;
    let individual = ClassicRule::Individual.schedule(&model)?;
    show("individual rule", &individual)?;
    let best = optimize(&model, &individual, &SearchOptions::default())?;
    show("optimised", &best.schedule)?;
    println!(
        "certified optimal: {} (full neighbourhood checked: {})",
        best.certified_optimal, best.full_neighbourhood_checked
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().expect("the example runs");
    }
}
