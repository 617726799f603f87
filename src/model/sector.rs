//! The ten critical-infrastructure sectors of Japan's first and second Action Plans
//! (seed 002, table 1 "安全基準等一覧", around line 265), their sub-sectors and the
//! ministries that oversee them (所管省庁).

use serde::{Deserialize, Serialize};

/// One of the ten critical-infrastructure sectors (重要インフラ分野).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Sector {
    /// 情報通信: telecommunications and broadcasting.
    InfoComm,
    /// 金融: banks, securities, insurance.
    Finance,
    /// 航空: air transport and air-traffic control.
    Aviation,
    /// 鉄道: railways.
    Railway,
    /// 電力: electric power.
    Electricity,
    /// ガス: city gas.
    Gas,
    /// 政府・行政 (spelt as in seed 002 table 1): government and administrative services, local governments included.
    Government,
    /// 医療: medical care.
    Medical,
    /// 水道: water supply.
    Water,
    /// 物流: logistics.
    Logistics,
}

impl Sector {
    /// All sectors in the order of the Action Plan's table 1; reports list sectors in this order.
    pub const ALL: [Sector; 10] = [
        Sector::InfoComm,
        Sector::Finance,
        Sector::Aviation,
        Sector::Railway,
        Sector::Electricity,
        Sector::Gas,
        Sector::Government,
        Sector::Medical,
        Sector::Water,
        Sector::Logistics,
    ];

    /// Stable machine identifier, used in JSON output and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Sector::InfoComm => "info_comm",
            Sector::Finance => "finance",
            Sector::Aviation => "aviation",
            Sector::Railway => "railway",
            Sector::Electricity => "electricity",
            Sector::Gas => "gas",
            Sector::Government => "government",
            Sector::Medical => "medical",
            Sector::Water => "water",
            Sector::Logistics => "logistics",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Sector::InfoComm => "Information & communications",
            Sector::Finance => "Finance",
            Sector::Aviation => "Aviation",
            Sector::Railway => "Railways",
            Sector::Electricity => "Electric power",
            Sector::Gas => "Gas",
            Sector::Government => "Government & administrative services",
            Sector::Medical => "Medical",
            Sector::Water => "Water",
            Sector::Logistics => "Logistics",
        }
    }

    /// Japanese name as written in the Action Plan.
    pub fn name_ja(self) -> &'static str {
        match self {
            Sector::InfoComm => "情報通信",
            Sector::Finance => "金融",
            Sector::Aviation => "航空",
            Sector::Railway => "鉄道",
            Sector::Electricity => "電力",
            Sector::Gas => "ガス",
            Sector::Government => "政府・行政",
            Sector::Medical => "医療",
            Sector::Water => "水道",
            Sector::Logistics => "物流",
        }
    }

    /// The ministry that oversees the sector (所管省庁) under the first Action Plan.
    pub fn ministry(self) -> Ministry {
        match self {
            Sector::InfoComm | Sector::Government => Ministry::Mic,
            Sector::Finance => Ministry::Fsa,
            Sector::Aviation | Sector::Railway | Sector::Logistics => Ministry::Mlit,
            Sector::Electricity | Sector::Gas => Ministry::Meti,
            Sector::Medical | Sector::Water => Ministry::Mhlw,
        }
    }

    /// The sub-sectors table 1 distinguishes; empty for sectors without any.
    pub fn sub_sectors(self) -> &'static [SubSector] {
        match self {
            Sector::InfoComm => &[SubSector::Telecom, SubSector::Broadcasting],
            Sector::Aviation => &[SubSector::AirTransport, SubSector::AirTrafficControl],
            _ => &[],
        }
    }

    /// Looks a sector up by its [`Sector::id`].
    pub fn from_id(id: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// A sub-sector named in table 1 of the Action Plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SubSector {
    /// 電気通信: telecommunications.
    Telecom,
    /// 放送: broadcasting.
    Broadcasting,
    /// 航空運送: air carriers.
    AirTransport,
    /// 航空管制: air-traffic control.
    AirTrafficControl,
    /// 中央省庁: the central ministries' own systems. Not a sub-sector of table 1 (and not
    /// in [`Sector::sub_sectors`]): it says whom the operator answers to — NISC's GSOC
    /// (seed 002 ~l.1046, footnote 54), not MIC, which oversees local governments.
    CentralGovernment,
    /// 地方公共団体: prefectures and municipalities (and J-LIS, which runs LGWAN for them),
    /// overseen by MIC. Not a sub-sector of table 1 either.
    LocalGovernment,
}

/// Whom an operator answers to: the ministry of its sector, or for the central
/// ministries' own systems, NISC's GSOC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Overseer {
    /// A ministry (所管省庁).
    Ministry(Ministry),
    /// GSOC (政府機関情報セキュリティ横断監視・即応調整チーム), NISC's monitoring of
    /// government systems.
    Gsoc,
}

impl crate::model::infra::Operator {
    /// Whom the operator answers to: GSOC for the central ministries
    /// ([`SubSector::CentralGovernment`]), else its sector's ministry.
    pub fn overseer(&self) -> Overseer {
        match self.sub_sector {
            Some(SubSector::CentralGovernment) => Overseer::Gsoc,
            _ => Overseer::Ministry(self.sector.ministry()),
        }
    }
}

impl SubSector {
    /// The sector this sub-sector belongs to.
    pub fn sector(self) -> Sector {
        match self {
            SubSector::Telecom | SubSector::Broadcasting => Sector::InfoComm,
            SubSector::AirTransport | SubSector::AirTrafficControl => Sector::Aviation,
            SubSector::CentralGovernment | SubSector::LocalGovernment => Sector::Government,
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            SubSector::Telecom => "Telecommunications",
            SubSector::Broadcasting => "Broadcasting",
            SubSector::AirTransport => "Air transport",
            SubSector::AirTrafficControl => "Air-traffic control",
            SubSector::CentralGovernment => "Central ministries",
            SubSector::LocalGovernment => "Local governments",
        }
    }

    /// Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            SubSector::Telecom => "電気通信",
            SubSector::Broadcasting => "放送",
            SubSector::AirTransport => "航空運送",
            SubSector::AirTrafficControl => "航空管制",
            SubSector::CentralGovernment => "中央省庁",
            SubSector::LocalGovernment => "地方公共団体",
        }
    }
}

/// A ministry overseeing critical-infrastructure sectors (重要インフラ所管省庁).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Ministry {
    /// 金融庁 Financial Services Agency.
    Fsa,
    /// 総務省 Ministry of Internal Affairs and Communications.
    Mic,
    /// 厚生労働省 Ministry of Health, Labour and Welfare.
    Mhlw,
    /// 経済産業省 Ministry of Economy, Trade and Industry.
    Meti,
    /// 国土交通省 Ministry of Land, Infrastructure, Transport and Tourism.
    Mlit,
}

impl Ministry {
    /// All ministries, in a fixed order.
    pub const ALL: [Ministry; 5] = [
        Ministry::Fsa,
        Ministry::Mic,
        Ministry::Mhlw,
        Ministry::Meti,
        Ministry::Mlit,
    ];

    /// Stable machine identifier.
    pub fn id(self) -> &'static str {
        match self {
            Ministry::Fsa => "fsa",
            Ministry::Mic => "mic",
            Ministry::Mhlw => "mhlw",
            Ministry::Meti => "meti",
            Ministry::Mlit => "mlit",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Ministry::Fsa => "Financial Services Agency",
            Ministry::Mic => "Ministry of Internal Affairs and Communications",
            Ministry::Mhlw => "Ministry of Health, Labour and Welfare",
            Ministry::Meti => "Ministry of Economy, Trade and Industry",
            Ministry::Mlit => "Ministry of Land, Infrastructure, Transport and Tourism",
        }
    }

    /// Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            Ministry::Fsa => "金融庁",
            Ministry::Mic => "総務省",
            Ministry::Mhlw => "厚生労働省",
            Ministry::Meti => "経済産業省",
            Ministry::Mlit => "国土交通省",
        }
    }

    /// The sectors this ministry oversees, in [`Sector::ALL`] order.
    pub fn sectors(self) -> Vec<Sector> {
        Sector::ALL
            .into_iter()
            .filter(|s| s.ministry() == self)
            .collect()
    }

    /// Looks a ministry up by its [`Ministry::id`].
    pub fn from_id(id: &str) -> Option<Ministry> {
        Ministry::ALL.into_iter().find(|m| m.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sector_has_a_ministry_and_round_trips_its_id() {
        for s in Sector::ALL {
            assert_eq!(Sector::from_id(s.id()), Some(s));
            assert!(s.ministry().sectors().contains(&s));
        }
        let covered: usize = Ministry::ALL.iter().map(|m| m.sectors().len()).sum();
        assert_eq!(covered, 10);
    }

    #[test]
    fn sub_sectors_point_back_to_their_sector() {
        for s in Sector::ALL {
            for sub in s.sub_sectors() {
                assert_eq!(sub.sector(), s);
            }
        }
    }
}
