//! The demo edition: fourteen fictional stories of our own, in page copy, built into the
//! binary so `gazette demo` needs nothing but itself.

macro_rules! demo_stories {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../demo/", $name)))),*]
    };
}

pub const STORIES: &[(&str, &[u8])] = demo_stories!(
    "01-port-alder-night-buses.txt",
    "02-orrin-valley-empty-homes-tax.txt",
    "03-wrenfield-bakers-buy-mill.txt",
    "04-quillmoss-sensing-funding.txt",
    "05-gullhaven-cliff-erosion.txt",
    "06-orrin-lab-nylon-bacterium.txt",
    "07-haverly-schools-budget.txt",
    "08-tollan-ridge-energy-battery.txt",
    "09-port-alder-maritime-museum.txt",
    "10-orrin-orchards-drought-rootstock.txt",
    "11-kestrel-bay-fenmoor-flooding.txt",
    "12-brackwater-scallop-export.txt",
    "13-merrow-flats-market-hall.txt",
    "14-tarrow-vale-first-responders.txt",
);
